// Keys and tenants: list keys (never their secrets), create one (its token is shown once, here),
// revoke one (two steps), and each tenant's tool ceiling and rate limit.
import { h, clear, fill, empty, errorBox, table, fmtTime, fmtNum } from './ui.js';

export default {
  id: 'keys',
  title: 'Keys and tenants',
  async render({ root, api }) {
    const role = h('select', { name: 'role' }, h('option', { value: 'client' }, 'client'), h('option', { value: 'admin' }, 'admin'));
    const tenant = h('input', { name: 'tenant', placeholder: 'default: your key\'s', size: 14, pattern: '[A-Za-z0-9][A-Za-z0-9._-]{0,63}' });
    const label = h('input', { name: 'label', placeholder: 'who holds it', size: 18, maxlength: 100 });
    const revoked = h('input', { type: 'checkbox', name: 'include_revoked' });
    const created = h('div', { 'aria-live': 'polite' });
    const keysBox = h('div');
    const tenantsBox = h('div');

    root.append(
      h('form', { class: 'inline panel', onsubmit: e => { e.preventDefault(); create(); } },
        h('label', {}, 'Role', role), h('label', {}, 'Tenant', tenant), h('label', {}, 'Label', label),
        h('button', { type: 'submit' }, 'Create key')),
      created,
      h('h2', {}, 'Keys'),
      h('div', { class: 'toolbar' }, h('label', { class: 'check' }, revoked, ' show revoked keys')),
      keysBox,
      h('h2', {}, 'Tenants'),
      tenantsBox);
    revoked.addEventListener('change', loadKeys);

    async function create() {
      clear(created);
      try {
        const r = await api.post('/v1/keys', { role: role.value, ...(tenant.value.trim() ? { tenant: tenant.value.trim() } : {}), ...(label.value.trim() ? { label: label.value.trim() } : {}) });
        const token = h('div', { class: 'secret', 'data-token': '' }, r.token);
        const copy = h('button', { type: 'button', class: 'secondary', onclick: async () => {
          try { await navigator.clipboard.writeText(r.token); copy.textContent = 'Copied'; } catch { copy.textContent = 'Select the token and copy it'; }
        } }, 'Copy');
        created.append(h('div', { class: 'notice', role: 'status' },
          h('strong', {}, `Created ${r.key.role} key ${r.key.id} for tenant ${r.key.tenant}. Its token is shown only now: store it before leaving this page.`),
          token, h('p', {}, copy, ' ', h('button', { type: 'button', class: 'secondary', onclick: () => clear(created) }, 'I stored it, hide it'))));
        label.value = '';
      } catch (e) {
        created.append(errorBox(e));
      }
      await Promise.all([loadKeys(), loadTenants()]);
    }

    async function loadKeys() {
      await fill(keysBox, async () => {
        const doc = await api.get('/v1/keys', { include_revoked: revoked.checked ? 'true' : '' });
        if (!doc.keys.length) return empty('No API keys: the gateway runs in keyless loopback mode. Create an admin key above (or with bin/lukhas keys create --role admin) before exposing it.');
        return table([
          { label: 'id', value: k => h('code', {}, k.id) },
          { label: 'role', value: k => k.role },
          { label: 'tenant', value: k => k.tenant },
          { label: 'label', value: k => k.label || '–' },
          { label: 'created', value: k => fmtTime(k.created_at) },
          { label: 'status', value: k => (k.active ? 'active' : `revoked ${fmtTime(k.revoked_at)}`) },
          { label: '', value: k => (k.active ? revokeControl(k) : '') },
        ], doc.keys);
      });
    }

    function revokeControl(k) {
      const slot = h('span');
      const ask = h('button', { type: 'button', class: 'secondary', 'data-revoke': k.id, onclick: () => {
        clear(slot).append(
          h('button', { type: 'button', class: 'danger', 'data-confirm-revoke': k.id, onclick: () => revoke(k, slot) }, `Revoke ${k.id}`), ' ',
          h('button', { type: 'button', class: 'secondary', onclick: () => clear(slot).append(ask) }, 'Cancel'));
        slot.querySelector('button').focus();
      } }, 'Revoke…');
      slot.append(ask);
      return slot;
    }

    async function revoke(k, slot) {
      try {
        await api.del(`/v1/keys/${encodeURIComponent(k.id)}`);
        await Promise.all([loadKeys(), loadTenants()]);
      } catch (e) {
        clear(slot).append(errorBox(e));
      }
    }

    async function loadTenants() {
      await fill(tenantsBox, async () => {
        const doc = await api.get('/v1/tenants');
        if (!doc.tenants.length) return empty('No tenants configured and no keys: every request is of tenant "default".');
        return table([
          { label: 'tenant', value: t => h('code', {}, t.tenant) },
          { label: 'tool ceiling', value: t => t.tools.join(', ') || '(no tools)' },
          { label: 'rate limit', value: t => `${fmtNum(t.rate_limit.requests_per_second, 2)} req/s, burst ${fmtNum(t.rate_limit.burst)}` },
          { label: 'active keys', value: t => fmtNum(t.active_keys), num: true },
          { label: 'settings', value: t => (t.configured ? 'configured' : 'defaults') },
        ], doc.tenants);
      });
    }

    await Promise.all([loadKeys(), loadTenants()]);
  },
};
