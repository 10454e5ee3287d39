// Starts a real gateway (bin/lukhas serve) on a free port with a fresh data directory, and stops it.
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const LUKHAS = join(ROOT, 'bin', 'lukhas');

/** The environment without anything that would change the gateway's behaviour (real upstreams, flags). */
function cleanEnv() {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    if (k.startsWith('LUKHAS_') || k.startsWith('FLAG_') || k === 'OPENAI_API_KEY' || k === 'OPENAI_BASE_URL') delete env[k];
  }
  return env;
}

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

async function createKey(dir, role, tenant) {
  const { stdout } = await run(LUKHAS, ['keys', 'create', '--role', role, '--tenant', tenant, '--label', `dashboard test ${role}`, '--json', '--data-dir', dir], { cwd: dir, env: cleanEnv() });
  return JSON.parse(stdout.slice(stdout.indexOf('{'))).token;
}

/**
 * @param {{keys?: boolean}} options keys: false starts in keyless loopback mode (the local admin)
 * @returns {Promise<{url: string, adminKey?: string, clientKey?: string, dir: string, log: () => string, stop: () => Promise<void>}>}
 */
export async function startGateway({ keys = true } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'lukhas-dash-'));
  let adminKey, clientKey;
  if (keys) {
    adminKey = await createKey(dir, 'admin', 'default');
    clientKey = await createKey(dir, 'client', 'default');
  }
  const port = await freePort();
  let output = '';
  const child = spawn(LUKHAS, ['serve', '--host', '127.0.0.1', '--port', String(port), '--data-dir', dir], { cwd: dir, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', d => { output += d; });
  child.stderr.on('data', d => { output += d; });
  const exited = new Promise(ok => child.on('exit', code => ok(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000; // the first run after a build records the start-up cache
  for (;;) {
    if (child.exitCode !== null) throw new Error(`bin/lukhas serve exited with ${child.exitCode}:\n${output}`);
    try {
      const r = await fetch(`${url}/readyz`);
      if (r.ok) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`bin/lukhas serve was not ready within 120 s:\n${output}`);
    }
    await new Promise(r => setTimeout(r, 200));
  }
  return {
    url, adminKey, clientKey, dir,
    log: () => output,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A JSON call to the gateway's API (for arranging data and checking results beside the browser). */
export async function call(gw, method, path, { key = gw.adminKey, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const r = await fetch(gw.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await r.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = text; }
  return { status: r.status, json, headers: r.headers };
}
