import { startGateway } from './lib/gateway.mjs';
import { launch } from './lib/browser.mjs';
const gw = await startGateway({ keys: false });
const ctx = await launch({ viewport: { width: 390, height: 844 } });
try {
  const page = ctx.pages()[0];
  await page.goto(`${gw.url}/admin#/policy`);
  await page.locator('[data-param="temperature"]').waitFor();
  console.log(await page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll('.table-wrap, main, body, .page, .cols, section')) {
      const r = el.getBoundingClientRect();
      out.push(`${el.tagName}.${el.className} ${Math.round(r.left)}-${Math.round(r.right)} sw=${el.scrollWidth} cw=${el.clientWidth} ov=${getComputedStyle(el).overflowX}`);
    }
    return out.join('\n');
  }));
  await page.screenshot({ path: '/tmp/policy-phone.png', fullPage: true });
} finally { await ctx.close(); await gw.stop(); }
