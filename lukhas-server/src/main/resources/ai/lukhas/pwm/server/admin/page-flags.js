// Flags: each flag's value and where it comes from; an admin override is audited by the API.
import { h, table, fill, empty, errorBox, clear } from './ui.js';

export default {
  id: 'flags',
  title: 'Flags',
  async render({ root, api }) {
    const status = h('div', { 'aria-live': 'polite' });
    const list = h('div');
    root.append(
      h('p', { class: 'muted' }, 'Resolved value and source of every flag (override > environment > file > default). A change here is a run-time override, written to the audit log.'),
      status, list);

    async function load() {
      await fill(list, async () => {
        const doc = await api.get('/v1/flags');
        const errors = doc.errors.length
          ? [h('h2', {}, 'Configuration errors'), table([
            { label: 'flag', value: e => e.flag }, { label: 'source', value: e => e.source },
            { label: 'origin', value: e => e.origin }, { label: 'value', value: e => e.value },
            { label: 'problem', value: e => e.problem }], doc.errors)]
          : [];
        if (!doc.flags.length) return empty('No flags are registered.');
        return [table([
          { label: 'flag', value: f => h('span', { title: f.description }, h('code', {}, f.name), h('div', { class: 'muted' }, f.description)) },
          { label: 'value', value: f => h('strong', { 'data-flag-value': f.name }, f.value) },
          { label: 'source', value: f => f.source },
          { label: 'origin', value: f => f.origin },
          { label: 'default', value: f => f.default },
          { label: 'change', value: f => control(f) },
        ], doc.flags), ...errors];
      });
    }

    function control(f) {
      if (f.type === 'boolean') {
        const next = f.value !== 'true';
        return h('button', {
          type: 'button', class: next ? '' : 'secondary', 'data-toggle': f.name,
          'aria-label': `Turn ${f.name} ${next ? 'on' : 'off'}`,
          onclick: () => change(f.name, next),
        }, next ? 'Turn on' : 'Turn off');
      }
      const select = h('select', { 'aria-label': `Value of ${f.name}` },
        (f.allowed_values || []).map(v => h('option', { value: v, selected: v === f.value }, v)));
      return h('span', {}, select, ' ', h('button', { type: 'button', class: 'secondary', onclick: () => change(f.name, select.value) }, 'Set'));
    }

    async function change(name, value) {
      clear(status);
      try {
        const r = await api.put(`/v1/flags/${encodeURIComponent(name)}`, { value });
        status.append(h('p', { class: 'notice' }, `${name} is now ${r.flag.value} (override, audit record `, h('a', { href: `#/audit?id=${encodeURIComponent(r.audit_id)}` }, r.audit_id), ').'));
      } catch (e) {
        status.append(errorBox(e));
      }
      await load();
    }

    await load();
  },
};
