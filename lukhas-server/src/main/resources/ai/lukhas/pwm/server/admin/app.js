// The dashboard shell: sign-in, navigation (hash routes, so every page has a link), and the
// life cycle of a page (its timers stop when another page opens or the tab is hidden).
import { createApi } from './api.js';
import { h, clear, errorBox } from './ui.js';
import overview from './page-overview.js';
import sessions from './page-sessions.js';
import incidents from './page-incidents.js';
import audit from './page-audit.js';
import policy from './page-policy.js';
import flags from './page-flags.js';
import feedback from './page-feedback.js';
import memory from './page-memory.js';
import keys from './page-keys.js';

const PAGES = [overview, sessions, incidents, audit, policy, flags, feedback, memory, keys];
/** sessionStorage: the key lives as long as this browser tab, and is never sent as a cookie. */
const KEY_ITEM = 'lukhas.admin.key';
/** An admin-only route: 200 proves the caller is an admin, 403 that the key is a client key. */
const PROBE = '/v1/flags';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');

const state = { mode: null, page: null, cleanups: [] };
const api = createApi(() => sessionStorage.getItem(KEY_ITEM), () => signOut(state.mode === 'local'
  ? 'The gateway has API keys now, so keyless local mode is over: sign in with an admin key.'
  : 'The gateway refused the key (401): it was revoked or is not valid any more. Sign in again.'));

function route() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [id, qs] = hash.split('?');
  return { id: id || 'overview', params: new URLSearchParams(qs || '') };
}

/** Changes the hash parameters of the current page without reloading it (for shareable links). */
function setParams(params) {
  const { id } = route();
  const qs = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '' && v !== undefined && v !== null)).toString();
  history.replaceState(null, '', `#/${id}${qs ? `?${qs}` : ''}`);
}

function stopPage() {
  for (const c of state.cleanups.splice(0)) {
    try { c(); } catch { /* a page's cleanup failing must not block the next page */ }
  }
}

/** Runs fn now and every `ms` while the page is open and the tab visible; errors are the page's job. */
function every(ms, fn) {
  let timer = null, stopped = false;
  const tick = async () => {
    timer = null;
    if (stopped) return;
    if (!document.hidden) {
      try { await fn(); } catch { /* fn shows its own errors */ }
    }
    if (!stopped) timer = setTimeout(tick, ms);
  };
  tick();
  state.cleanups.push(() => { stopped = true; if (timer) clearTimeout(timer); });
}

async function show() {
  if (!state.mode) return;
  stopPage();
  const { id, params } = route();
  const page = PAGES.find(p => p.id === id);
  for (const a of nav.querySelectorAll('a')) {
    if (a.dataset.page === id) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  clear(main);
  if (!page) {
    main.append(h('h1', {}, 'No such page'), h('p', {}, 'Pick a page from the menu, or open ', h('a', { href: '#/overview' }, 'the overview'), '.'));
    return;
  }
  document.title = `${page.title} — LUKHAS PWM admin`;
  const heading = h('h1', { tabindex: '-1' }, page.title);
  const body = h('div', { class: 'page', 'data-page': page.id });
  main.append(heading, body);
  if (state.page !== id) heading.focus();
  state.page = id;
  try {
    await page.render({ root: body, api, params, setParams, every, onLeave: f => state.cleanups.push(f) });
  } catch (e) {
    body.append(errorBox(e));
  }
}

function renderNav() {
  clear(nav).append(...PAGES.map(p => h('a', { href: `#/${p.id}`, 'data-page': p.id }, p.title)));
  nav.hidden = false;
}

function renderWho() {
  clear(who);
  if (state.mode === 'key') {
    who.append(h('span', {}, 'admin key'), h('button', { type: 'button', onclick: () => signOut('Signed out. The key was removed from this tab.') }, 'Sign out'));
  } else if (state.mode === 'local') {
    who.append(h('span', { title: 'The gateway has no API keys: it serves loopback only and every local caller is the admin.' }, 'local admin (keyless loopback mode)'));
  }
}

function signOut(message) {
  sessionStorage.removeItem(KEY_ITEM);
  state.mode = null;
  state.page = null;
  stopPage();
  nav.hidden = true;
  renderWho();
  loginForm(message);
}

function loginForm(message, error) {
  clear(main);
  const input = h('input', { id: 'admin-key', name: 'admin-key', type: 'password', autocomplete: 'off', spellcheck: 'false', required: true, placeholder: 'lk_…' });
  const status = h('div', { 'aria-live': 'polite' }, error ? errorBox(error) : null);
  const form = h('form', { class: 'panel login', onsubmit: async e => {
    e.preventDefault();
    const key = input.value.trim();
    if (!key) return;
    clear(status).append(h('p', { class: 'muted' }, 'Checking the key…'));
    try {
      await fetchProbe(key);
      sessionStorage.setItem(KEY_ITEM, key);
      start('key');
    } catch (err) {
      clear(status).append(errorBox(err));
      input.select();
    }
  } },
  h('h1', {}, 'Sign in'),
  message ? h('p', { class: 'notice' }, message) : null,
  h('p', {}, 'Enter an admin API key. It is kept in this browser tab only (sessionStorage) and sent as an ',
    h('code', {}, 'Authorization: Bearer'), ' header — never as a cookie. Create one with ', h('code', {}, 'bin/lukhas keys create --role admin'), '.'),
  h('label', { for: 'admin-key' }, 'Admin key', input),
  h('p', {}, h('button', { type: 'submit' }, 'Sign in')),
  status);
  main.append(form);
  input.focus();
}

/** GET the probe route with this key (or none); throws the API's refusal. */
async function fetchProbe(key) {
  const probeApi = createApi(() => key);
  await probeApi.get(PROBE);
}

function start(mode) {
  state.mode = mode;
  renderNav();
  renderWho();
  if (!location.hash) history.replaceState(null, '', '#/overview');
  show();
}

async function boot() {
  const stored = sessionStorage.getItem(KEY_ITEM);
  try {
    if (stored) {
      await fetchProbe(stored);
      start('key');
      return;
    }
    await fetchProbe(null);
    start('local');
  } catch (err) {
    if (stored) {
      sessionStorage.removeItem(KEY_ITEM);
      loginForm('The key kept for this tab could not be used.', err);
    } else {
      // 401: the gateway has keys, so the page needs one; anything else (a refused Host, no answer) is shown
      loginForm(null, err.status === 401 ? null : err);
    }
  }
}

window.addEventListener('hashchange', show);
boot();
