// Memory: the DNA helix keys of a tenant, one key's versions on a timeline, a point-in-time read,
// and the colony's recent decisions.
import { h, clear, fill, empty, table, json, kv, lineChart, fmtNum, fmtTime, isoFromLocal, field, tenantField } from './ui.js';

const PAGE = 50;

export default {
  id: 'memory',
  title: 'Memory',
  async render({ root, api, params, setParams }) {
    const tenant = tenantField(params);
    const prefix = field(params, 'prefix', { placeholder: 'e.g. user.', size: 14 });
    const keysBox = h('div');
    const keyBox = h('div', { 'aria-live': 'polite' });
    const decisions = h('div');
    let cursors = [null];

    root.append(
      h('form', { class: 'inline', role: 'search', onsubmit: e => { e.preventDefault(); cursors = [null]; loadKeys(0); loadDecisions(); } },
        h('label', {}, 'Tenant', tenant), h('label', {}, 'Key prefix', prefix), h('button', { type: 'submit' }, 'Show')),
      h('div', { class: 'cols' },
        h('section', { class: 'panel' }, h('h2', {}, 'DNA keys'), keysBox),
        h('section', { class: 'panel' }, h('h2', {}, 'Colony decisions'), decisions)),
      keyBox);

    const t = () => tenant.value.trim();

    async function loadKeys(n) {
      setParams({ tenant: t(), prefix: prefix.value.trim(), key: params.get('key') || '' });
      await fill(keysBox, async () => {
        const doc = await api.get('/v1/dna', { tenant: t(), prefix: prefix.value.trim(), limit: PAGE, cursor: cursors[n] || '' });
        cursors[n + 1] = doc.next_cursor;
        if (!doc.keys.length) return empty(n ? 'No more keys.' : 'No DNA keys yet — memory is written by PUT /v1/dna/{key}, by colony decisions with persist, or by chat requests proposing lukhas.memory.');
        return [
          table([
            { label: 'key', value: k => h('code', {}, k.key) },
            { label: 'version', value: k => fmtNum(k.version), num: true },
            { label: 'updated', value: k => fmtTime(k.updated_at) },
          ], doc.keys, { onRow: k => openKey(k.key) }),
          h('div', { class: 'pager' },
            h('button', { type: 'button', class: 'secondary', disabled: n === 0, onclick: () => loadKeys(n - 1) }, 'Previous'),
            h('button', { type: 'button', class: 'secondary', disabled: !doc.next_cursor, onclick: () => loadKeys(n + 1) }, 'Next')),
        ];
      });
    }

    async function loadDecisions() {
      await fill(decisions, async () => {
        const doc = await api.get('/v1/colony/decisions', { tenant: t(), limit: 20 });
        if (!doc.decisions.length) return empty('No colony decisions yet — POST /v1/colony/consensus (or a chat request proposing memory) records one.');
        return table([
          { label: 'time', value: d => fmtTime(d.ts) },
          { label: 'key', value: d => h('code', {}, d.decision.key) },
          { label: 'decision', value: d => summary(d.decision) },
          { label: 'audit', value: d => h('a', { href: `#/audit?id=${encodeURIComponent(d.audit_id)}` }, 'record') },
        ], doc.decisions);
      });
    }

    async function openKey(key) {
      setParams({ tenant: t(), prefix: prefix.value.trim(), key });
      const asOf = h('input', { type: 'datetime-local', name: 'as_of' });
      const read = h('div', { 'aria-live': 'polite' });
      await fill(keyBox, async () => {
        const hist = await api.get(`/v1/dna/${encodeURIComponent(key)}/history`, { tenant: t() });
        const versions = hist.versions;
        return h('section', { class: 'panel', 'data-dna-key': key },
          h('h2', {}, 'Key ', h('code', {}, key), ` — ${versions.length} version(s)`),
          lineChart([{ name: 'version', points: versions.map(v => ({ t: new Date(v.recorded_at).getTime(), v: v.version })) }], { title: `versions of ${key} over time`, height: 160, step: true }),
          table([
            { label: 'version', value: v => fmtNum(v.version), num: true },
            { label: 'recorded', value: v => fmtTime(v.recorded_at) },
            { label: 'strength', value: v => fmtNum(v.strength, 3), num: true },
            { label: 'value', value: v => (v.sealed ? h('span', { class: 'muted' }, 'sealed personal value') : h('code', {}, short(v.value))) },
            { label: 'checksum', value: v => h('code', {}, String(v.checksum).slice(0, 12)) },
          ], versions),
          h('form', { class: 'inline', onsubmit: async e => {
            e.preventDefault();
            await fill(read, async () => {
              const entry = await api.get(`/v1/dna/${encodeURIComponent(key)}`, { tenant: t(), as_of: isoFromLocal(asOf.value) });
              return [kv([['version', fmtNum(entry.version)], ['recorded', fmtTime(entry.recorded_at)]]), json(entry.value)];
            });
          } }, h('label', {}, 'Read as of (empty: now)', asOf), h('button', { type: 'submit' }, 'Read')),
          read);
      });
    }

    await Promise.all([loadKeys(0), loadDecisions()]);
    if (params.get('key')) await openKey(params.get('key'));
  },
};

function short(value) {
  const s = JSON.stringify(value);
  return s.length > 120 ? `${s.slice(0, 120)}…` : s;
}

/** A consensus result (as POST /v1/colony/consensus answered it) in one line. */
function summary(d) {
  const parts = [d.method];
  parts.push(d.decided
    ? `decided ${short(d.decided_value)} (${fmtNum(d.votes_for, 2)} of ${fmtNum(d.votes_total, 2)} votes)`
    : `no decision: ${d.reason}`);
  if (d.persisted) parts.push(d.persisted.written ? `written as v${d.persisted.version}` : `not written${d.persisted.reason ? `: ${d.persisted.reason}` : d.persisted.outcome ? ` (${d.persisted.outcome})` : ''}`);
  return parts.join(' · ');
}
