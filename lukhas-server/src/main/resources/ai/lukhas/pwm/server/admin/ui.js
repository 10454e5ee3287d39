// Small DOM helpers. Every value from the API becomes a text node or an attribute value, never
// markup: incident details, audit bundles and DNA values are client-controlled text.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** h('a', {href: '#/x', class: 'c', onclick: fn}, 'text', node, [more]) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'value' && 'value' in el) el.value = v;
    else if (k === 'checked' || k === 'disabled' || k === 'selected') el[k] = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

/** An API error (or any error) as an alert that shows the problem's title and detail. */
export function errorBox(err) {
  const title = err && err.title ? err.title : 'Something went wrong';
  const detail = err && (err.detail || err.message) ? err.detail || err.message : '';
  const status = err && err.status ? ` (${err.status})` : '';
  const fields = err && Array.isArray(err.errors) && err.errors.length
    ? h('ul', {}, err.errors.map(e => h('li', {}, `${e.field}: ${e.message}`)))
    : null;
  return h('div', { class: 'error', role: 'alert' }, h('strong', {}, title + status), detail, fields);
}

export function empty(text) {
  return h('p', { class: 'empty' }, text);
}

/** Replaces the content of `slot` with what `load()` builds; an error shows its detail in place. */
export async function fill(slot, load) {
  try {
    const node = await load();
    clear(slot).append(...[node].flat(Infinity).filter(Boolean));
  } catch (e) {
    clear(slot).append(errorBox(e));
  }
}

/**
 * A table. columns: [{label, value: row => text|Node, num: bool}]. onRow(row) makes rows
 * clickable and focusable (Enter opens them too).
 */
export function table(columns, rows, { onRow, caption, rowClass } = {}) {
  const head = h('tr', {}, columns.map(c => h('th', { class: c.num ? 'num' : null, scope: 'col' }, c.label)));
  const body = rows.map(r => {
    const tr = h('tr', { class: [onRow ? 'clickable' : '', rowClass ? rowClass(r) : ''].join(' ').trim() || null },
      columns.map(c => h('td', { class: c.num ? 'num' : null }, c.value(r))));
    if (onRow) {
      tr.tabIndex = 0;
      tr.addEventListener('click', () => onRow(r, tr));
      tr.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); onRow(r, tr); } });
    }
    return tr;
  });
  return h('div', { class: 'table-wrap' },
    h('table', {}, caption ? h('caption', { class: 'muted' }, caption) : null, h('thead', {}, head), h('tbody', {}, body)));
}

export function stat(label, value, sub) {
  return h('div', { class: 'stat' }, h('div', { class: 'label' }, label), h('div', { class: 'value' }, value), sub ? h('div', { class: 'sub' }, sub) : null);
}

export function kv(pairs) {
  return h('dl', { class: 'kv' }, pairs.filter(Boolean).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

export function modeBadge(mode) {
  return h('span', { class: `badge mode-${mode}` }, mode);
}

export function json(value) {
  return h('pre', { class: 'mono' }, JSON.stringify(value, null, 2));
}

/** Horizontal bars: items [{label, n}]. */
export function bars(items) {
  const max = Math.max(1, ...items.map(i => i.n));
  return h('div', { class: 'bars' }, items.map(i => {
    const fill = h('div', { class: 'fill' });
    fill.style.width = `${(100 * i.n) / max}%`;
    return h('div', { class: 'bar' }, h('span', {}, i.label), h('div', { class: 'track', role: 'presentation' }, fill), h('span', { class: 'n' }, fmtNum(i.n)));
  }));
}

export function fmtNum(n, digits = 0) {
  if (n === undefined || n === null || Number.isNaN(n)) return '–';
  return Number(n).toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function fmtTime(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** "in 4m 10s" / "3m ago", relative to now. */
export function fmtRelative(iso, now = Date.now()) {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '';
  let s = Math.round((t - now) / 1000);
  const future = s >= 0;
  s = Math.abs(s);
  const parts = s >= 3600 ? `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`
    : s >= 60 ? `${Math.floor(s / 60)}m ${s % 60}s` : `${s}s`;
  return future ? `in ${parts}` : `${parts} ago`;
}

/** The value of a datetime-local input as an ISO instant (the input is read as local time). */
export function isoFromLocal(value) {
  if (!value) return '';
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? '' : d.toISOString();
}

/**
 * A line chart of one or more series over time: series [{name, points: [{t: ms, v: number}]}].
 * Draws axes with the first and last time and the value range; steps between points (a LUT holds
 * its value until the next version).
 */
export function lineChart(series, { height = 220, title = '', step = false } = {}) {
  const width = 720, left = 48, right = 12, top = 14, bottom = 28;
  const all = series.flatMap(s => s.points);
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title });
  if (!all.length) return chart;
  let tMin = Math.min(...all.map(p => p.t)), tMax = Math.max(...all.map(p => p.t));
  let vMin = Math.min(0, ...all.map(p => p.v)), vMax = Math.max(0, ...all.map(p => p.v));
  if (tMax === tMin) { tMin -= 1000; tMax += 1000; }
  if (vMax === vMin) { vMax += 1; }
  const x = t => left + ((t - tMin) / (tMax - tMin)) * (width - left - right);
  const y = v => top + (1 - (v - vMin) / (vMax - vMin)) * (height - top - bottom);
  chart.append(
    svg('line', { x1: left, y1: y(0), x2: width - right, y2: y(0), stroke: '#c4ccd6' }),
    svg('line', { x1: left, y1: top, x2: left, y2: height - bottom, stroke: '#c4ccd6' }),
    svg('text', { x: 4, y: top + 4 }, fmtNum(vMax, 3)),
    svg('text', { x: 4, y: height - bottom }, fmtNum(vMin, 3)),
    svg('text', { x: left, y: height - 8 }, fmtTime(new Date(tMin).toISOString())),
    svg('text', { x: width - right, y: height - 8, 'text-anchor': 'end' }, fmtTime(new Date(tMax).toISOString())));
  const colors = ['#1f4e79', '#b42318', '#2e7d32', '#9a6700', '#6a1b9a', '#00838f'];
  series.forEach((s, i) => {
    if (!s.points.length) return;
    const pts = [...s.points].sort((a, b) => a.t - b.t);
    let d = `M${x(pts[0].t)},${y(pts[0].v)}`;
    for (let j = 1; j < pts.length; j++) {
      if (step) d += ` H${x(pts[j].t)}`;
      d += ` ${step ? 'V' : 'L'}${step ? y(pts[j].v) : `${x(pts[j].t)},${y(pts[j].v)}`}`;
    }
    const color = colors[i % colors.length];
    chart.append(svg('path', { d, fill: 'none', stroke: color, 'stroke-width': 2 }));
    // dots where a value changes (every point when there are few), each with its value as a tooltip
    pts.forEach((p, j) => {
      if (pts.length <= 30 || j === 0 || p.v !== pts[j - 1].v) {
        chart.append(svg('circle', { cx: x(p.t), cy: y(p.v), r: 3, fill: color }, svg('title', {}, `${s.name} ${fmtNum(p.v, 4)} at ${fmtTime(new Date(p.t).toISOString())}`)));
      }
    });
    const legend = svg('text', { x: left + 8 + i * 165, y: top + 2 }, s.name);
    legend.style.fill = color; // the style sheet greys chart text; a legend takes its series' colour
    chart.append(legend);
  });
  return chart;
}

/** Triggers a download of `blob` as `filename`. */
export function download(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: filename });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * A text input named `name`, filled from the page's hash parameter of the same name (or
 * `attrs.param`), so a search survives a reload and can be shared as a link.
 */
export function field(params, name, { param = name, ...attrs } = {}) {
  return h('input', { name, value: params.get(param) || '', ...attrs });
}

/** The tenant a page reads (empty: the admin key's own tenant). */
export function tenantField(params) {
  return field(params, 'tenant', { placeholder: 'default: your key\'s', size: 14 });
}
