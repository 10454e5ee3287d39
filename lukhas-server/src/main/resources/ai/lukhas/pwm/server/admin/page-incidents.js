// Incidents: a live list (after the first page, only what is new since the last poll_cursor is
// fetched every 2 s while the page is open), filters by kind, tenant and time, older pages, and
// the same selection as CSV.
import { h, table, empty, errorBox, clear, fmtTime, isoFromLocal, download, field, tenantField } from './ui.js';

const KINDS = ['blocked_tool', 'invalid_arguments', 'flagged_input', 'flagged_tool_output', 'flagged_output', 'provider_error', 'audit_recovery'];
const LIVE_MS = 2000;
const PAGE = 100;
/** Rows kept on screen: live additions push the oldest out (older ones stay reachable with "Older"). */
const MAX_ROWS = 500;

export default {
  id: 'incidents',
  title: 'Incidents',
  async render({ root, api, params, setParams, every }) {
    const kind = h('select', { name: 'kind' }, h('option', { value: '' }, 'any kind'), KINDS.map(k => h('option', { value: k, selected: params.get('kind') === k }, k)));
    const tenant = tenantField(params);
    const all = h('input', { type: 'checkbox', name: 'all_tenants', checked: params.get('all') === '1' });
    const from = field(params, 'from', { type: 'datetime-local' });
    const until = field(params, 'until', { type: 'datetime-local' });
    const live = h('input', { type: 'checkbox', name: 'live', checked: true });
    const status = h('div', { 'aria-live': 'polite' });
    const list = h('div');
    const more = h('div', { class: 'pager' });
    let rows = [], fresh = new Set(), pollCursor = null, olderCursor = null, loaded = false;

    const filters = () => ({
      kind: kind.value,
      tenant: all.checked ? '' : tenant.value.trim(),
      all_tenants: all.checked ? 'true' : '',
      from: isoFromLocal(from.value),
      until: isoFromLocal(until.value),
    });

    root.append(
      h('form', { class: 'inline', role: 'search', onsubmit: e => { e.preventDefault(); reload(); } },
        h('label', {}, 'Kind', kind), h('label', {}, 'Tenant', tenant), h('label', { class: 'check' }, all, ' all tenants'),
        h('label', {}, 'From', from), h('label', {}, 'Until', until),
        h('button', { type: 'submit' }, 'Apply'),
        h('button', { type: 'button', class: 'secondary', onclick: exportCsv }, 'Export CSV'),
        h('label', { class: 'check' }, live, ' live')),
      status, list, more);

    async function reload() {
      setParams({ kind: kind.value, tenant: tenant.value.trim(), all: all.checked ? '1' : '', from: from.value, until: until.value });
      loaded = false;
      try {
        const doc = await api.get('/v1/incidents', { ...filters(), limit: PAGE });
        rows = doc.incidents;
        fresh = new Set();
        pollCursor = doc.poll_cursor;
        olderCursor = doc.next_cursor;
        loaded = true;
        clear(status);
        draw();
      } catch (e) {
        clear(status).append(errorBox(e));
      }
    }

    async function poll() {
      if (!loaded) return reload();
      if (!live.checked || until.value) return; // a closed window gets nothing new
      try {
        const doc = await api.get('/v1/incidents', { ...filters(), after: pollCursor, limit: PAGE });
        clear(status);
        pollCursor = doc.poll_cursor;
        if (!doc.incidents.length) return;
        fresh = new Set(doc.incidents.map(i => i.id));
        rows = [...doc.incidents.slice().reverse(), ...rows].slice(0, MAX_ROWS); // they come oldest first
        draw();
      } catch (e) {
        clear(status).append(errorBox(e));
      }
    }

    async function older() {
      try {
        const doc = await api.get('/v1/incidents', { ...filters(), cursor: olderCursor, limit: PAGE });
        rows = [...rows, ...doc.incidents];
        olderCursor = doc.next_cursor;
        fresh = new Set();
        draw();
      } catch (e) {
        clear(status).append(errorBox(e));
      }
    }

    function draw() {
      const sessionLink = i => h('a', { href: `#/sessions?id=${encodeURIComponent(i.session)}&tenant=${encodeURIComponent(i.tenant)}` }, i.session);
      clear(list).append(rows.length
        ? table([
          { label: 'time', value: i => fmtTime(i.ts) },
          { label: 'kind', value: i => i.kind },
          { label: 'tenant', value: i => i.tenant },
          { label: 'session', value: sessionLink },
          { label: 'tool', value: i => i.tool || '–' },
          { label: 'severity', value: i => h('span', { class: `sev-${i.severity}` }, i.severity) },
          { label: 'detail', value: i => i.detail },
          { label: 'audit', value: i => h('a', { href: `#/audit?id=${encodeURIComponent(i.audit_id)}` }, 'record') },
        ], rows, { rowClass: i => (fresh.has(i.id) ? 'fresh' : ''), caption: `${rows.length} incidents, newest first${live.checked ? '; new ones appear here as they happen' : ''}` })
        : empty('No incidents yet — send a request that calls a tool outside the allowlist (ask the offline model to "call open_url with url=https://example.com"), or widen the filters.'));
      clear(more);
      if (olderCursor) more.append(h('button', { type: 'button', class: 'secondary', onclick: older }, 'Older incidents'));
    }

    async function exportCsv() {
      clear(status);
      try {
        const r = await api.raw('GET', '/v1/incidents.csv', { query: { ...filters(), limit: 10000 }, accept: 'text/csv' });
        download(await r.blob(), 'incidents.csv');
        status.append(h('p', { class: 'notice' }, 'incidents.csv downloaded (the current filters, at most 10,000 incidents).'));
      } catch (e) {
        status.append(errorBox(e));
      }
    }

    every(LIVE_MS, poll);
  },
};
