// Policy playground: the active modulation policy with a slider per signal; the parameters, prompt
// style, tool allowlist and trace update as a slider moves. At most one preview request is in
// flight: moves made meanwhile are sent together when it returns.
import { h, table, empty, errorBox, clear, kv, modeBadge, fmtNum, json } from './ui.js';

export default {
  id: 'policy',
  title: 'Policy playground',
  async render({ root, api }) {
    const policy = await api.get('/v1/modulation/policy');
    const signals = policy.signals;
    const version = policy.policy;
    const levels = Object.fromEntries(signals.map(s => [s.name, 0]));
    const strict = h('input', { type: 'checkbox', name: 'strict_default' });
    const status = h('div', { 'aria-live': 'polite' });
    const out = h('div');
    let baseline = null;

    const sliders = signals.map(s => {
      const output = h('output', { for: `sig-${s.name}`, 'data-level': s.name }, '0.00');
      const input = h('input', {
        id: `sig-${s.name}`, type: 'range', min: s.min ?? 0, max: s.max ?? 1, step: 0.01, value: 0, 'data-signal': s.name,
        'aria-label': `${s.name} level`,
        oninput: () => { levels[s.name] = Number(input.value); output.value = Number(input.value).toFixed(2); schedule(); },
      });
      return h('div', { class: 'slider' },
        h('label', { for: `sig-${s.name}`, class: 'check', title: signalTitle(s) }, s.safety ? h('strong', {}, s.name) : s.name),
        input, output);
    });

    root.append(
      h('p', { class: 'muted' }, `Active policy v${version.version} (${version.sha256.slice(0, 12)}…, ${version.source}). Drag a slider: the preview is computed by the gateway on a fresh session and stores nothing. `,
        'alignment_risk is the safety signal: it only ever tightens.'),
      h('div', { class: 'cols' },
        h('section', { class: 'panel' }, h('h2', {}, 'Signals'), sliders,
          h('label', { class: 'check' }, strict, ' preview as if STRICT_DEFAULT were on'),
          h('p', {}, h('button', { type: 'button', class: 'secondary', onclick: resetAll }, 'Reset all to 0'))),
        h('section', { class: 'panel' }, h('h2', {}, 'Parameters: defaults and bounds'), boundsTable(policy.parameters))),
      status, out);
    strict.addEventListener('change', schedule);

    function signalTitle(s) {
      return `weight ${s.weight}, ttl ${s.ttl_ms} ms, cooldown ${s.cooldown_ms} ms, maps ${(s.maps || []).join(', ')}${s.safety ? '; safety signal (caps only)' : ''}`;
    }

    function resetAll() {
      for (const el of root.querySelectorAll('input[type=range]')) { el.value = 0; levels[el.dataset.signal] = 0; }
      for (const o of root.querySelectorAll('output[data-level]')) o.value = '0.00';
      schedule();
    }

    let pending = false, inflight = false;
    function schedule() {
      pending = true;
      if (!inflight) run();
    }
    async function run() {
      inflight = true;
      while (pending) {
        pending = false;
        await preview();
      }
      inflight = false;
    }

    async function preview() {
      const body = {
        signals: Object.entries(levels).filter(([, v]) => v > 0).map(([name, level]) => ({ name, level })),
        strict_default: strict.checked,
      };
      try {
        const r = await api.post('/v1/modulation/preview', body);
        if (!baseline && !body.signals.length && !body.strict_default) baseline = r;
        clear(status);
        clear(out).append(...result(r));
      } catch (e) {
        clear(status).append(errorBox(e));
      }
    }

    function result(r) {
      const names = Object.keys(r.params);
      const changed = n => baseline && JSON.stringify(baseline.params[n]) !== JSON.stringify(r.params[n]);
      const show = (n, v) => (n === 'safety_mode' ? modeBadge(v) : Array.isArray(v) ? (v.join(', ') || '(none)') : typeof v === 'number' ? fmtNum(v, 4) : String(v));
      return [
        h('div', { class: 'cols' },
          h('section', { class: 'panel' }, h('h2', {}, 'Resulting parameters'),
            table([
              { label: 'parameter', value: n => h('code', {}, n) },
              { label: 'value', value: n => h('span', { 'data-param': n, class: changed(n) ? 'changed' : null }, show(n, r.params[n])) },
              { label: 'default', value: n => (baseline ? show(n, baseline.params[n]) : '') },
              { label: 'why', value: n => why(r.trace.parameters[n]) },
            ], names)),
          h('section', { class: 'panel' }, h('h2', {}, 'Prompt style'),
            kv([['name', h('span', { 'data-prompt-style': '' }, r.prompt_style.name)], ['moderation preset', r.prompt_style.moderation_preset],
              ['stop sequences', r.prompt_style.stop_sequences.join(', ') || '(none)']]),
            h('p', {}, r.prompt_style.preamble || h('span', { class: 'muted' }, '(no preamble)')),
            h('h2', {}, 'Tool allowlist'),
            r.params.tool_allowlist.length ? h('ul', { 'data-allowlist': '' }, r.params.tool_allowlist.map(t => h('li', {}, t))) : empty('No tool is allowed at these levels.'))),
        h('h2', {}, 'Trace'),
        table([
          { label: 'parameter', value: n => h('code', {}, n) },
          { label: 'contributions (signal × level × weight → proposal)', value: n => contributions(r.trace.parameters[n]) },
          { label: 'feedback Δ', value: n => fmtNum(r.trace.parameters[n].feedback_delta, 4), num: true },
          { label: 'cap', value: n => cap(r.trace.parameters[n]) },
          { label: 'bounded', value: n => (r.trace.parameters[n].bounded ? 'yes' : 'no') },
          { label: 'notes', value: n => r.trace.parameters[n].notes.join('; ') },
        ], names.filter(n => r.trace.parameters[n])),
        h('details', {}, h('summary', {}, 'Raw preview answer'), json(r)),
      ];
    }

    function why(t) {
      if (!t) return '';
      if (t.cap_applied) return `capped by ${t.cap.signal}`;
      if (t.bounded) return 'clamped to its bounds';
      if (t.from_default) return 'default';
      return `blend of ${t.contributions.map(c => c.signal).join(', ')}`;
    }
    function contributions(t) {
      if (!t.contributions.length) return h('span', { class: 'muted' }, t.from_default ? 'none (default)' : 'none');
      return h('ul', {}, t.contributions.map(c => h('li', {}, `${c.signal} × ${fmtNum(c.level, 2)} × ${fmtNum(c.weight, 2)} → ${Array.isArray(c.proposal) ? `[${c.proposal.join(', ')}]` : typeof c.proposal === 'number' ? fmtNum(c.proposal, 4) : c.proposal}`)));
    }
    function cap(t) {
      if (!t.cap) return '–';
      const p = t.cap.proposal;
      return `${t.cap.signal} ${Array.isArray(p) ? `[${p.join(', ')}]` : typeof p === 'number' ? fmtNum(p, 4) : p}${t.cap_applied ? ' (applied)' : ' (not binding)'}`;
    }

    await preview();
  },
};

function boundsTable(parameters) {
  if (!parameters || !parameters.length) return empty('The policy declares no parameters.');
  const show = v => (Array.isArray(v) ? (v.join(', ') || '(none)') : v === undefined || v === null ? '–' : String(v));
  return table([
    { label: 'parameter', value: p => h('code', {}, p.name) },
    { label: 'default', value: p => show(p.default) },
    { label: 'range', value: p => (p.kind === 'real' || p.kind === 'integer' ? `${show(p.min)} … ${show(p.max)}` : show(p.values)) },
    { label: 'tightens', value: p => p.tightens },
  ], parameters);
}
