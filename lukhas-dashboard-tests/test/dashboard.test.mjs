// The admin dashboard in a real browser (Debian's chromium through playwright-core) against a real
// gateway (bin/lukhas serve) with a fresh data directory. Writes a screenshot of every page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startGateway, call } from '../lib/gateway.mjs';
import { launch, shotsDir } from '../lib/browser.mjs';

const PAGES = ['overview', 'sessions', 'incidents', 'audit', 'policy', 'flags', 'feedback', 'memory', 'keys'];
/** "a handful of requests": what one page may send to the API while it opens. */
const MAX_REQUESTS_PER_PAGE = 5;
const SHOTS = shotsDir();

let gw, context, page;

before(async () => {
  gw = await startGateway();
  context = await launch();
  page = context.pages()[0] || await context.newPage();
  page.setDefaultTimeout(15_000);
});

after(async () => {
  if (context) await context.close();
  if (gw) await gw.stop();
});

async function shot(name) {
  await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
}

async function signIn(key) {
  await page.goto(`${gw.url}/admin`);
  await page.locator('#admin-key').fill(key);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Opens a page by its hash route (`sessions?id=x`) and waits until it has rendered. */
async function open(route) {
  await page.goto(`${gw.url}/admin#/${route}`);
  await page.locator(`.page[data-page="${route.split('?')[0]}"]`).waitFor();
}

/** A governed chat request the offline model answers by calling a tool that is not offered. */
async function blockedToolRequest(session, user = 'ana') {
  const r = await call(gw, 'POST', '/v1/chat/completions', {
    key: gw.clientKey,
    body: { messages: [{ role: 'user', content: 'call open_url with url=https://example.com' }], lukhas: { session_id: session, user_id: user } },
  });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r;
}

test('a client key sees nothing: the page shows the API refusal and keeps no key', async () => {
  await page.goto(`${gw.url}/admin`);
  await page.locator('#admin-key').waitFor();
  await shot('login');
  await signIn(gw.clientKey);
  const error = page.locator('.error');
  await error.waitFor();
  assert.match(await error.textContent(), /403/);
  assert.match(await error.textContent(), /admin/i, 'the 403 detail names the role it needs');
  assert.equal(await page.locator('#nav').isHidden(), true);
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
});

test('an admin key signs in once per tab: kept in sessionStorage, sent as Bearer, never a cookie', async () => {
  await signIn(gw.adminKey);
  await page.locator('.page[data-page="overview"]').waitFor();
  assert.equal(await page.locator('#nav').isVisible(), true);
  const sent = page.waitForRequest(r => r.url().includes('/v1/admin/overview'));
  await page.reload();
  const request = await sent;
  assert.equal(request.headers().authorization, `Bearer ${gw.adminKey}`);
  await page.locator('.page[data-page="overview"]').waitFor();
  assert.equal(await page.locator('#admin-key').count(), 0, 'no second sign-in after a reload');
  assert.deepEqual(await context.cookies(), []);
});

test('the overview refreshes live: a new incident raises its counter without a reload', async () => {
  await open('overview');
  const counter = page.locator('[data-incidents-hour]');
  await counter.waitFor();
  const before = Number((await counter.textContent()).replace(/,/g, ''));
  await page.evaluate(() => { window.__sameDocument = true; });
  await blockedToolRequest('overview-1');
  await page.waitForFunction(b => Number(document.querySelector('[data-incidents-hour]').textContent.replace(/,/g, '')) > b, before, { timeout: 15_000 });
  assert.equal(await page.evaluate(() => window.__sameDocument), true);
});

test('a live incident appears in the list after a governed request triggers it', async () => {
  await open('incidents');
  await page.locator('.page[data-page="incidents"] table, .page[data-page="incidents"] .empty').first().waitFor();
  await page.evaluate(() => { window.__sameDocument = true; });
  await blockedToolRequest('live-1');
  const row = page.locator('tbody tr', { hasText: 'live-1' });
  await row.waitFor({ timeout: 15_000 });
  assert.match(await row.textContent(), /blocked_tool/);
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'the row arrived without a reload');
});

test('a hold is lifted from the sessions page, with a reason', async () => {
  const held = await call(gw, 'GET', '/v1/sessions/live-1');
  assert.ok(held.json.holds.length > 0, 'the blocked tool placed a hold');
  await open('sessions?id=live-1');
  await page.getByRole('heading', { name: 'Escalation holds' }).waitFor();
  const reason = 'reviewed: the test asked for the blocked tool on purpose';
  await page.getByLabel('Reason for lifting the hold').fill(reason);
  await page.getByRole('button', { name: 'Lift hold' }).click();
  await page.locator('[data-released]').waitFor();
  const after = await call(gw, 'GET', '/v1/sessions/live-1');
  assert.deepEqual(after.json.holds, []);
  assert.notEqual(after.json.params.safety_mode, 'strict');
  const audited = await call(gw, 'GET', '/v1/audit?outcome=hold_released&order=desc&limit=1');
  assert.equal(audited.json.records.length, 1, 'the release is in the audit log');
  assert.ok(JSON.stringify(audited.json.records[0]).includes(reason), 'with the reason given on the page');
});

test('a flag is toggled from the flags page (an audited override)', async () => {
  await open('flags');
  const value = page.locator('[data-flag-value="BROWSER_TOOL"]');
  assert.equal(await value.textContent(), 'false');
  await page.locator('[data-toggle="BROWSER_TOOL"]').click();
  await page.waitForFunction(() => document.querySelector('[data-flag-value="BROWSER_TOOL"]')?.textContent === 'true');
  const flags = await call(gw, 'GET', '/v1/flags');
  const browser = flags.json.flags.find(f => f.name === 'BROWSER_TOOL');
  assert.equal(browser.value, 'true');
  assert.equal(browser.source, 'override');
  await page.locator('.notice', { hasText: 'audit record' }).waitFor();
  await call(gw, 'PUT', '/v1/flags/BROWSER_TOOL', { body: { value: false } });
});

test('a policy slider, moved with the keyboard, changes the parameters as it moves', async () => {
  await open('policy');
  const temperature = page.locator('[data-param="temperature"]');
  await temperature.waitFor();
  const before = await temperature.textContent();
  const mode = page.locator('[data-param="safety_mode"]');
  assert.notEqual(await mode.textContent(), 'strict');
  await page.locator('input[data-signal="alignment_risk"]').focus();
  await page.keyboard.press('End');
  await page.waitForFunction(() => document.querySelector('[data-param="safety_mode"]')?.textContent === 'strict');
  assert.notEqual(await temperature.textContent(), before, 'alignment_risk at 1 caps the temperature');
  assert.equal(await page.locator('output[data-level="alignment_risk"]').textContent(), '1.00');
});

test('keys: a created token is shown once; a revoked key stops working', async () => {
  await open('keys');
  await page.getByLabel('Tenant').fill('acme');
  await page.getByLabel('Label').fill('browser test');
  await page.getByRole('button', { name: 'Create key' }).click();
  const token = (await page.locator('[data-token]').textContent()).trim();
  assert.ok(token.length > 20);
  assert.equal((await call(gw, 'GET', '/v1/tools', { key: token })).status, 200);
  const keys = await call(gw, 'GET', '/v1/keys');
  const created = keys.json.keys.find(k => k.label === 'browser test');
  assert.ok(created, 'the key is listed');
  await page.reload();
  await page.locator('.page[data-page="keys"] tbody tr').first().waitFor();
  assert.equal(await page.locator('[data-token]').count(), 0, 'the token is not shown again');
  await page.locator(`[data-revoke="${created.id}"]`).click();
  // "Revoke…" already swaps its own button for the confirmation, so wait for the DELETE itself
  const deleted = page.waitForResponse(r => r.request().method() === 'DELETE' && r.url().endsWith(`/v1/keys/${created.id}`));
  await page.locator(`[data-confirm-revoke="${created.id}"]`).click();
  assert.equal((await deleted).status(), 200, 'the revocation succeeded');
  await page.locator(`[data-confirm-revoke="${created.id}"]`).waitFor({ state: 'detached' });
  // revoking through the API forgets the gateway's cached authentication at once
  const status = (await call(gw, 'GET', '/v1/tools', { key: token })).status;
  assert.equal(status, 401, 'a revoked key is refused at once');
});

test('API errors are shown with their detail', async () => {
  await open('audit?id=no-such-record');
  const error = page.locator('.error');
  await error.waitFor();
  assert.match(await error.textContent(), /404/);
  assert.ok((await error.textContent()).length > 'Not found (404)'.length, 'the detail is shown, not just the status');
});

test('every page opens with a handful of requests and no error; screenshots of each', async () => {
  // data for the memory and feedback pages
  const chat = await call(gw, 'POST', '/v1/chat/completions', { key: gw.clientKey, body: { messages: [{ role: 'user', content: 'hello' }], lukhas: { session_id: 'fb-1', user_id: 'ana' } } });
  const auditId = chat.headers.get('x-lukhas-audit-id');
  assert.equal((await call(gw, 'POST', '/v1/feedback/cards', { key: gw.clientKey, body: { target_action_id: auditId, rating: 5, user_id: 'ana', note: 'clear' } })).status, 201);
  assert.equal((await call(gw, 'PUT', '/v1/dna/user.locale', { body: { value: 'en-GB', version: 1 } })).status, 200);
  assert.equal((await call(gw, 'PUT', '/v1/dna/user.locale', { body: { value: 'fr-FR', version: 2 } })).status, 200);
  assert.equal((await call(gw, 'POST', '/v1/colony/consensus', { body: { key: 'user.theme', method: 'majority', persist: true, opinions: [
    { agent_id: 'a1', value: 'dark', confidence: 0.9 }, { agent_id: 'a2', value: 'dark', confidence: 0.8 }, { agent_id: 'a3', value: 'light', confidence: 0.5 }] } })).status, 200);

  for (const id of PAGES) {
    const requests = [];
    const listener = r => { if (new URL(r.url()).pathname.startsWith('/v1/')) requests.push(`${r.method()} ${new URL(r.url()).pathname}`); };
    page.on('request', listener);
    await open(id);
    if (id === 'sessions') await page.locator('tbody tr').first().waitFor();
    if (id === 'memory') {
      await page.locator('tbody tr', { hasText: 'user.locale' }).click();
      await page.locator('[data-dna-key="user.locale"]').waitFor();
    }
    if (id === 'feedback') {
      await page.getByLabel('User').fill('ana');
      await page.getByRole('button', { name: 'Show' }).click();
      await page.locator('svg.chart').waitFor();
    }
    if (id === 'audit') await page.locator('tbody tr').first().waitFor();
    await page.waitForTimeout(300);
    page.off('request', listener);
    const opening = requests.filter(r => r !== 'GET /v1/flags'); // the sign-in check on a fresh load
    assert.ok(opening.length <= MAX_REQUESTS_PER_PAGE + (id === 'memory' || id === 'feedback' ? 2 : 0), `${id} sent ${opening.length} requests: ${opening.join(', ')}`);
    assert.equal(await page.locator('.error').count(), 0, `${id} shows an error: ${await page.locator('.error').allTextContents()}`);
    assert.doesNotMatch(await page.locator('main').innerText(), /\bundefined\b|\bNaN\b|\[object |(^|\n)null(\n|$)/, `${id} shows a raw undefined/null/object`);
    if (id === 'policy') { // for the screenshot: stress at 0.70 moves parameters, the trace says why
      await page.locator('input[data-signal="stress"]').focus();
      for (let i = 0; i < 7; i++) await page.keyboard.press('PageUp');
      await page.waitForFunction(() => document.querySelector('output[data-level="stress"]').textContent === '0.70');
      await page.waitForTimeout(500);
    }
    await shot(id);
  }
});

test('readable at phone width: nothing but tables scrolls sideways', async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const id of ['overview', 'incidents', 'policy']) {
    await open(id);
    await page.waitForTimeout(500);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `${id} is ${overflow}px wider than the phone screen`);
  }
  await open('overview');
  await page.locator('[data-overview]').waitFor();
  await shot('overview-phone');
  await page.setViewportSize({ width: 1280, height: 800 });
});

test('keyboard: the skip link and the menu reach every page; the heading takes focus', async () => {
  await open('overview');
  await page.locator('[data-overview]').waitFor();
  const first = await page.evaluate(() => document.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])').textContent);
  assert.equal(first, 'Skip to content', 'the first stop of Tab is the skip link');
  await page.locator('a.skip').focus();
  assert.ok((await page.locator('a.skip').boundingBox()).x >= 0, 'the skip link shows when focused');
  let reached = null;
  for (let i = 0; i < 20 && reached !== 'Incidents'; i++) {
    await page.keyboard.press('Tab');
    reached = await page.evaluate(() => document.activeElement.textContent);
  }
  assert.equal(reached, 'Incidents');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement.tagName === 'H1' && document.activeElement.textContent === 'Incidents');
});

test('ADMIN_DASHBOARD off answers 404 with the way back; on serves the page again', async () => {
  assert.equal((await call(gw, 'PUT', '/v1/flags/ADMIN_DASHBOARD', { body: { value: false } })).status, 200);
  const off = await call(gw, 'GET', '/admin', { key: null });
  assert.equal(off.status, 404);
  assert.match(off.json.detail, /ADMIN_DASHBOARD/);
  assert.equal((await call(gw, 'GET', '/admin/app.js', { key: null })).status, 404);
  assert.equal((await call(gw, 'PUT', '/v1/flags/ADMIN_DASHBOARD', { body: { value: true } })).status, 200);
  const on = await fetch(`${gw.url}/admin`);
  assert.equal(on.status, 200);
  assert.match(on.headers.get('content-security-policy'), /script-src 'self'/);
});

test('keyless loopback mode: the local admin needs no key', async () => {
  const local = await startGateway({ keys: false });
  const p = await context.newPage();
  try {
    await p.goto(`${local.url}/admin`);
    await p.locator('.page[data-page="overview"]').waitFor();
    assert.match(await p.locator('#who').textContent(), /local admin/);
    assert.equal(await p.locator('#admin-key').count(), 0);
    await p.locator('[data-overview]').waitFor();
  } finally {
    await p.close();
    await local.stop();
  }
});
