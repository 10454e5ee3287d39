// Audit explorer: search records (id, time range, tenant, session, outcome), page through them,
// open one redacted bundle, fetch its inclusion proof, and verify the whole chain.
import { h, table, empty, errorBox, clear, fill, json, kv, fmtTime, fmtNum, isoFromLocal, field } from './ui.js';

const PAGE = 50;

export default {
  id: 'audit',
  title: 'Audit explorer',
  async render({ root, api, params, setParams }) {
    const id = field(params, 'id', { placeholder: 'audit id', size: 24 });
    const tenant = field(params, 'tenant', { placeholder: 'any', size: 12 });
    const session = field(params, 'session', { placeholder: 'any', size: 14 });
    const outcome = field(params, 'outcome', { placeholder: 'ok, blocked, …', size: 10 });
    const from = field(params, 'from', { type: 'datetime-local' });
    const to = field(params, 'to', { type: 'datetime-local' });
    const order = h('select', { name: 'order' }, h('option', { value: 'desc' }, 'newest first'), h('option', { value: 'asc', selected: params.get('order') === 'asc' }, 'oldest first'));
    const chain = h('span', { 'aria-live': 'polite' });
    const list = h('div');
    const detail = h('div', { 'aria-live': 'polite' });
    let cursors = [null];

    root.append(
      h('div', { class: 'toolbar' },
        h('button', { type: 'button', class: 'secondary', onclick: verify }, 'Verify the chain'), chain),
      h('form', { class: 'inline', role: 'search', onsubmit: e => { e.preventDefault(); search(); } },
        h('label', {}, 'Audit id', id), h('label', {}, 'Tenant', tenant), h('label', {}, 'Session', session),
        h('label', {}, 'Outcome', outcome), h('label', {}, 'From', from), h('label', {}, 'To', to),
        h('label', {}, 'Order', order), h('button', { type: 'submit' }, 'Search')),
      detail, list);

    async function verify() {
      clear(chain).append(h('span', { class: 'muted' }, 'Verifying every segment of the chain…'));
      await fill(chain, async () => {
        const r = await api.get('/v1/audit/verify');
        return r.intact
          ? h('span', { class: 'ok', 'data-chain': 'intact' }, `Chain intact: ${fmtNum(r.records)} records, last seq ${fmtNum(r.last_seq)}, head ${r.head_hash.slice(0, 12)}…`)
          : h('span', { class: 'bad', 'data-chain': 'broken' }, `Chain NOT intact: ${r.kind}${r.segment ? ` in ${r.segment} line ${r.line}` : ''} — ${r.detail}`);
      });
    }

    function search() {
      setParams({ id: id.value.trim(), tenant: tenant.value.trim(), session: session.value.trim(), outcome: outcome.value.trim(), from: from.value, to: to.value, order: order.value === 'asc' ? 'asc' : '' });
      clear(detail);
      if (id.value.trim()) {
        clear(list);
        return open(id.value.trim());
      }
      cursors = [null];
      return page(0);
    }

    async function page(n) {
      await fill(list, async () => {
        const doc = await api.get('/v1/audit', {
          tenant: tenant.value.trim(), session: session.value.trim(), outcome: outcome.value.trim(),
          from: isoFromLocal(from.value), to: isoFromLocal(to.value), order: order.value, limit: PAGE, cursor: cursors[n] || '',
        });
        cursors[n + 1] = doc.next_cursor;
        if (!doc.records.length) return empty(n === 0 ? 'No audit records match. Every governed request writes one: send a chat request, or widen the search.' : 'No more records.');
        return [
          table([
            { label: 'seq', value: r => fmtNum(r.seq), num: true },
            { label: 'time', value: r => fmtTime(r.ts) },
            { label: 'tenant', value: r => r.tenant },
            { label: 'session', value: r => r.session },
            { label: 'outcome', value: r => r.outcome },
            { label: 'latency ms', value: r => fmtNum(r.latency_ms), num: true },
            { label: 'audit id', value: r => h('code', {}, r.audit_id) },
          ], doc.records, { onRow: r => open(r.audit_id), caption: `page ${n + 1}, ${order.value === 'asc' ? 'oldest' : 'newest'} first; select a record to open its bundle` }),
          h('div', { class: 'pager' },
            h('button', { type: 'button', class: 'secondary', disabled: n === 0, onclick: () => page(n - 1) }, 'Previous'),
            h('span', { class: 'muted' }, `page ${n + 1}`),
            h('button', { type: 'button', class: 'secondary', disabled: !doc.next_cursor, onclick: () => page(n + 1) }, 'Next')),
        ];
      });
    }

    async function open(auditId) {
      const proof = h('div', { 'aria-live': 'polite' });
      await fill(detail, async () => {
        const r = await api.get(`/v1/audit/${encodeURIComponent(auditId)}`);
        return h('section', { class: 'panel', 'data-audit-id': r.audit_id },
          h('h2', {}, 'Record ', h('code', {}, r.audit_id)),
          kv([['time', fmtTime(r.ts)], ['tenant', r.tenant], ['session', r.session], ['user', r.user], ['outcome', r.outcome],
            ['provider / model', `${r.provider} / ${r.model}`], ['seq', fmtNum(r.seq)], ['hash', h('code', {}, r.hash)], ['previous hash', h('code', {}, r.prev_hash)]]),
          h('div', { class: 'toolbar' },
            h('button', { type: 'button', class: 'secondary', onclick: () => showProof(r.audit_id, proof) }, 'Inclusion proof'),
            h('button', { type: 'button', class: 'secondary', onclick: () => clear(detail) }, 'Close')),
          proof,
          h('h2', {}, 'Bundle (redacted as stored)'), json(r));
      });
      detail.scrollIntoView({ block: 'nearest' });
    }

    async function showProof(auditId, slot) {
      await fill(slot, async () => {
        const p = await api.get(`/v1/audit/${encodeURIComponent(auditId)}/proof`);
        return h('div', { class: 'notice' },
          h('strong', {}, `Included: leaf ${fmtNum(p.leaf_index)} of a tree of ${fmtNum(p.tree_size)}, ${p.audit_path.length} sibling hashes, checkpoint ${p.checkpoint.seq} signed by key ${p.checkpoint.key_id} at ${fmtTime(p.checkpoint.ts)}.`),
          h('p', {}, 'Check it offline: save the JSON below and run ', h('code', {}, 'bin/lukhas audit verify-proof FILE --public-key KEY'), '.'),
          json(p));
      });
    }

    if (id.value || tenant.value || session.value || outcome.value || from.value || to.value) await search();
    else await page(0);
  },
};
