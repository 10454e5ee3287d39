// Launches Debian's chromium through playwright-core: no browser download, ever.
import { existsSync, mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './gateway.mjs';

export const CHROMIUM = process.env.LUKHAS_CHROMIUM || '/usr/bin/chromium';

/**
 * A fresh browser profile (its own --user-data-dir, removed on close) in Debian's chromium.
 * @returns {Promise<import('playwright-core').BrowserContext>}
 */
export async function launch(options = {}) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no chromium at ${CHROMIUM}: install Debian's browser with 'apt-get install -y chromium' (or set LUKHAS_CHROMIUM to its path)`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'lukhas-chromium-'));
  // launchPersistentContext passes the profile as --user-data-dir (playwright refuses it in args)
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport: { width: 1280, height: 800 },
    ...options,
  });
  const close = context.close.bind(context);
  context.close = async () => {
    await close();
    rmSync(profile, { recursive: true, force: true });
  };
  return context;
}

/** Where screenshots go: LUKHAS_DASHBOARD_SHOTS, else lukhas-dashboard-tests/out/screenshots. */
export function shotsDir() {
  const dir = process.env.LUKHAS_DASHBOARD_SHOTS
    ? resolve(process.env.LUKHAS_DASHBOARD_SHOTS)
    : join(ROOT, 'lukhas-dashboard-tests', 'out', 'screenshots');
  mkdirSync(dir, { recursive: true });
  return dir;
}
