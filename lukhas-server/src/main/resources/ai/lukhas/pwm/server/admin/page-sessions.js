// Sessions: find one (tenant + id, or a user's sessions), see its signals with their TTLs, its
// mode, escalation holds and incidents, and lift a hold with a reason (audited by the API).
import { h, table, fill, empty, errorBox, clear, kv, modeBadge, fmtTime, fmtRelative, fmtNum, field, tenantField } from './ui.js';

export default {
  id: 'sessions',
  title: 'Sessions',
  async render({ root, api, params, setParams }) {
    const tenant = tenantField(params);
    const id = field(params, 'id', { placeholder: 'session id', size: 18 });
    const user = field(params, 'user', { placeholder: 'user id', size: 14 });
    const result = h('div', { 'aria-live': 'polite' });
    root.append(
      h('form', { class: 'inline', role: 'search', onsubmit: e => { e.preventDefault(); find(); } },
        h('label', {}, 'Tenant', tenant), h('label', {}, 'Session id', id), h('label', {}, 'or user id', user),
        h('button', { type: 'submit' }, 'Find')),
      result);

    async function find() {
      setParams({ tenant: tenant.value.trim(), id: id.value.trim(), user: user.value.trim() });
      if (id.value.trim()) return showSession(tenant.value.trim(), id.value.trim());
      return showList(tenant.value.trim(), user.value.trim());
    }

    /** Sessions the gateway holds (of one user, or the most recently active), newest first. */
    async function showList(t, u) {
      await fill(result, async () => {
        const doc = await api.get('/v1/sessions', { tenant: t, user: u, limit: 50 });
        if (!doc.sessions.length) {
          return empty(u
            ? `No session of user ${u} is known to the gateway. Sessions appear once a request names them (lukhas.session_id) with lukhas.user_id.`
            : 'No sessions yet — send a chat request with lukhas.session_id (or the x-lukhas-session header), then search for it here.');
        }
        return table([
          { label: 'session', value: s => h('code', {}, s.session_id) },
          { label: 'tenant', value: s => s.tenant },
          { label: 'user', value: s => s.user_id || '–' },
          { label: 'mode', value: s => modeBadge(s.safety_mode) },
          { label: 'held until', value: s => (s.held_until ? fmtTime(s.held_until) : '–') },
          { label: 'incidents', value: s => fmtNum(s.incident_count), num: true },
          { label: 'last activity', value: s => fmtTime(s.last_activity) },
        ], doc.sessions, { onRow: s => { id.value = s.session_id; tenant.value = s.tenant; find(); }, caption: u ? `sessions of user ${u}` : 'most recently active sessions; select one' });
      });
    }

    async function showSession(t, sid) {
      await fill(result, async () => {
        const s = await api.get(`/v1/sessions/${encodeURIComponent(sid)}`, { tenant: t });
        return sessionView(t, s, s.incidents);
      });
    }

    function sessionView(t, s, incidents) {
      const now = Date.now();
      const signals = s.trace.signals;
      const holdBox = h('div');
      if (s.holds.length) {
        const reason = h('textarea', { name: 'reason', required: true, maxlength: 500, placeholder: 'Why the hold may end (kept in the audit log)' });
        const status = h('div', { 'aria-live': 'polite' });
        holdBox.append(
          h('h2', {}, 'Escalation holds'),
          table([
            { label: 'scope', value: x => x.scope },
            { label: 'placed', value: x => fmtTime(x.placed_at) },
            { label: 'until', value: x => `${fmtTime(x.until)} (${fmtRelative(x.until, now)})` },
            { label: 'incident', value: x => x.incident_kind },
            { label: 'audit record', value: x => h('a', { href: `#/audit?id=${encodeURIComponent(x.audit_id)}` }, x.audit_id) },
          ], s.holds),
          h('form', { class: 'panel', onsubmit: async e => {
            e.preventDefault();
            clear(status);
            try {
              const r = await api.del(`/v1/sessions/${encodeURIComponent(s.session_id)}/hold`, { tenant: t, reason: reason.value.trim() });
              const done = h('p', { class: 'notice', role: 'status', 'data-released': String(r.released.length) }, `Released ${r.released.length} hold(s); ${r.holds.length} still apply. Mode now: `, modeBadge(r.params.safety_mode), '. Audit record ',
                h('a', { href: `#/audit?id=${encodeURIComponent(r.audit_id)}` }, r.audit_id), '.');
              await showSession(t, s.session_id);
              result.prepend(done);
            } catch (err) {
              status.append(errorBox(err));
            }
          } },
          h('label', {}, 'Reason for lifting the hold', reason),
          h('p', {}, h('button', { type: 'submit', class: 'danger' }, 'Lift hold')), status));
      } else {
        holdBox.append(h('h2', {}, 'Escalation holds'), empty('No hold applies: the session follows its signals. A blocked tool or flagged content places one.'));
      }
      return [
        h('div', { class: 'cols' },
          h('section', { class: 'panel' }, h('h2', {}, 'Session ', h('code', {}, s.session_id)),
            kv([
              ['safety mode', modeBadge(s.params.safety_mode)],
              ['held until', s.held_until ? `${fmtTime(s.held_until)} (${fmtRelative(s.held_until, now)})` : '–'],
              ['user', s.activity && s.activity.user_id ? s.activity.user_id : '–'],
              ['last activity', s.activity && s.activity.last_activity ? fmtTime(s.activity.last_activity) : 'never used'],
              ['prompt style', s.prompt_style.name],
              ['temperature', fmtNum(s.params.temperature, 3)],
              ['top_p', fmtNum(s.params.top_p, 3)],
              ['max output tokens', fmtNum(s.params.max_output_tokens)],
              ['tool allowlist', s.params.tool_allowlist.join(', ') || '(none)'],
              ['policy', `v${s.policy.version} ${s.policy.sha256.slice(0, 12)}…`],
            ])),
          h('section', { class: 'panel' }, h('h2', {}, 'Signals'),
            signals.length ? table([
              { label: 'signal', value: x => x.name },
              { label: 'level', value: x => fmtNum(x.level, 3), num: true },
              { label: 'status', value: x => x.status },
              { label: 'TTL', value: x => (x.status === 'active' ? fmtRelative(x.until, now) : `ended ${fmtTime(x.until)}`) },
              { label: 'source', value: x => x.source },
            ], signals) : empty('No signals recorded: the session runs on the policy defaults.'))),
        holdBox,
        h('h2', {}, 'Incidents (latest 20)'),
        incidents.length ? table([
          { label: 'time', value: x => fmtTime(x.ts) },
          { label: 'kind', value: x => x.kind },
          { label: 'tool', value: x => x.tool || '–' },
          { label: 'severity', value: x => h('span', { class: `sev-${x.severity}` }, x.severity) },
          { label: 'detail', value: x => x.detail },
        ], incidents) : empty('No incidents in this session.'),
      ];
    }

    await find();
  },
};
