// Feedback: the style look-up table of a tenant (or one user, falling back to the tenant's global
// table) now and over time, from the stored cards.
import { h, clear, fill, empty, kv, table, lineChart, fmtNum, fmtTime, isoFromLocal, field, tenantField } from './ui.js';

const SERIES = ['temperature_delta', 'top_p_delta', 'memory_write_boost', 'verbosity_bias'];

export default {
  id: 'feedback',
  title: 'Feedback',
  async render({ root, api, params, setParams }) {
    const tenant = tenantField(params);
    const user = field(params, 'user_id', { param: 'user', placeholder: 'global table', size: 14 });
    const from = field(params, 'from', { type: 'datetime-local' });
    const to = field(params, 'to', { type: 'datetime-local' });
    const out = h('div');
    root.append(
      h('p', { class: 'muted' }, 'Feedback cards move style only (temperature, top_p, memory write, verbosity), within bounds; they never change safety mode, tools or caps.'),
      h('form', { class: 'inline', onsubmit: e => { e.preventDefault(); load(); } },
        h('label', {}, 'Tenant', tenant), h('label', {}, 'User', user),
        h('label', {}, 'From (default: 7 days ago)', from), h('label', {}, 'To (default: now)', to),
        h('button', { type: 'submit' }, 'Show')),
      out);

    async function load() {
      setParams({ tenant: tenant.value.trim(), user: user.value.trim(), from: from.value, to: to.value });
      const q = { tenant: tenant.value.trim(), user_id: user.value.trim() };
      await fill(out, async () => {
        const [lut, hist] = await Promise.all([
          api.get('/v1/feedback/lut', q),
          api.get('/v1/feedback/lut/history', { ...q, from: isoFromLocal(from.value), to: isoFromLocal(to.value), points: 60 }),
        ]);
        const points = hist.points;
        const anyCards = points.some(p => p.cards > 0) || lut.cards > 0;
        return [
          h('div', { class: 'cols' },
            h('section', { class: 'panel' }, h('h2', {}, `Now: ${lut.scope} table${lut.fell_back_to_global ? ' (no cards from this user: the tenant\'s global table applies)' : ''}`),
              kv([
                ['temperature Δ', fmtNum(lut.temperature_delta, 4)], ['top_p Δ', fmtNum(lut.top_p_delta, 4)],
                ['memory write boost', fmtNum(lut.memory_write_boost, 4)], ['verbosity bias', fmtNum(lut.verbosity_bias, 4)],
                ['cards', fmtNum(lut.cards)], ['version', fmtNum(lut.version)],
                ['updated', lut.updated_ms ? fmtTime(new Date(lut.updated_ms).toISOString()) : 'never'],
              ]))),
          h('h2', {}, 'Over time'),
          anyCards
            ? [lineChart(SERIES.map(name => ({ name, points: points.map(p => ({ t: new Date(p.at).getTime(), v: p[name] })) })), { title: 'style LUT over time', step: true }),
              h('details', {}, h('summary', {}, 'Values'), table([
                { label: 'at', value: p => fmtTime(p.at) }, { label: 'scope', value: p => p.scope }, { label: 'cards', value: p => fmtNum(p.cards), num: true },
                ...SERIES.map(n => ({ label: n, value: p => fmtNum(p[n], 4), num: true }))], points))]
            : empty('No feedback cards in this window — rate an audited action with POST /v1/feedback/cards (target_action_id = an x-lukhas-audit-id) to see the table move.'),
        ];
      });
    }

    await load();
  },
};
