// Overview: one request every few seconds to pre-aggregated counters (never a scan of the log).
import { h, clear, errorBox, stat, bars, empty, fmtNum, fmtTime, fmtRelative, kv } from './ui.js';

const LIVE_MS = 5000;

export default {
  id: 'overview',
  title: 'Overview',
  async render({ root, api, every }) {
    const status = h('div', { 'aria-live': 'polite' });
    const body = h('div');
    const updated = h('p', { class: 'muted' });
    root.append(updated, status, body);

    every(LIVE_MS, async () => {
      let o;
      try {
        o = await api.get('/v1/admin/overview');
      } catch (e) {
        clear(status).append(errorBox(e));
        return;
      }
      clear(status);
      updated.textContent = `Gateway-wide, refreshed every ${LIVE_MS / 1000} s; last at ${fmtTime(o.at)}. Up since ${fmtTime(o.started_at)}.`;
      clear(body).append(...view(o));
    });
  },
};

function pct(x) {
  return `${fmtNum(100 * (x || 0), 2)} %`;
}

function ms(x) {
  return x === null || x === undefined ? '–' : `${fmtNum(x, 2)} ms`;
}

function view(o) {
  const modes = Object.entries(o.sessions_by_mode).map(([label, n]) => ({ label, n }));
  const kinds = Object.entries(o.incidents.by_kind_last_day || {}).map(([label, n]) => ({ label, n })).sort((a, b) => b.n - a.n);
  const providerKinds = Object.entries(o.provider_errors.by_type_last_hour || {}).map(([label, n]) => ({ label, n }));
  const v = o.audit.last_verified, c = o.audit.last_checkpoint;
  return [
    h('div', { class: 'grid', 'data-overview': '' },
      stat('Requests / min', fmtNum(o.requests.per_minute, 1), `${fmtNum(o.requests.last_hour)} in the last hour`),
      stat('Added latency p50', ms(o.added_latency_ms.p50), `p99 ${ms(o.added_latency_ms.p99)} · ${fmtNum(o.added_latency_ms.samples)} requests`),
      stat('Error rate', pct(o.requests.error_rate), `${fmtNum(o.requests.errors_last_hour)} errors in the last hour`),
      stat('Incidents', h('span', { 'data-incidents-hour': '' }, fmtNum(o.incidents.last_hour)), `last hour · ${fmtNum(o.incidents.last_day)} in the last day`),
      stat('Provider errors', fmtNum(o.provider_errors.last_hour), 'last hour'),
      stat('Audit records', fmtNum(o.audit.records), c ? `checkpoint at ${fmtNum(c.tree_size)} records` : 'no signed checkpoint yet')),
    h('div', { class: 'cols' },
      h('section', { class: 'panel' }, h('h2', {}, 'Sessions by safety mode'),
        modes.some(m => m.n > 0) ? bars(modes) : empty('No sessions in memory yet — send a chat request with a session id.')),
      h('section', { class: 'panel' }, h('h2', {}, 'Top blocked tools'),
        o.top_blocked_tools.length ? bars(o.top_blocked_tools.map(t => ({ label: t.tool, n: t.count })))
          : empty('No tool call was blocked since start. A model calling a tool outside the allowlist shows up here.')),
      h('section', { class: 'panel' }, h('h2', {}, 'Incidents by kind, last day'),
        kinds.length ? bars(kinds) : empty('No incidents in the last day.'),
        providerKinds.length ? [h('h2', {}, 'Provider errors by type, last hour'), bars(providerKinds)] : null),
      h('section', { class: 'panel' }, h('h2', {}, 'Audit chain'),
        kv([
          ['last verified', v ? h('span', { class: v.intact ? 'ok' : 'bad' }, `${v.intact ? 'intact' : 'NOT intact'} — ${fmtNum(v.records)} records, ${fmtRelative(v.at)}`) : h('span', {}, 'not verified since start — ', h('a', { href: '#/audit' }, 'verify it in the audit explorer'))],
          ['last checkpoint', c ? `${fmtTime(c.at)} (${fmtRelative(c.at)}), tree size ${fmtNum(c.tree_size)}` : 'none yet (one is signed every audit.checkpoint_every_records records or audit.checkpoint_every_seconds)'],
        ]))),
  ];
}
