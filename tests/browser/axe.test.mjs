// Accessibility checked by a machine: axe-core (every rule it runs by default) on every panel
// at a projector width (1280 x 800) and a phone width (390 x 844), in English and Chinese, in
// the light and the dark theme: 10 x 2 x 2 x 2 = 80 checks, and every one must report zero
// violations. One page per width; within it the panel, language and theme change through the
// URL hash (the page re-renders on hashchange), and each check waits for the panel's own
// "finished" signal, so experiments run once per page and their results are what axe sees.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { setup, waitReady, afterFrames, showHash, PANEL_READY as READY } from './helpers.mjs';

const AXE_SOURCE = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const SIZES = [{ width: 1280, height: 800 }, { width: 390, height: 844 }];
const LANGS = ['en', 'zh'];
const THEMES = ['light', 'dark'];

let env;
before(async () => { env = await setup(); });
after(async () => { if (env) await env.close(); });

// Every combination of one viewport size, in one page; returns the violations as lines.
async function checkSize(size) {
  const page = await env.newPage();
  page.setDefaultTimeout(120000);
  await page.setViewportSize(size);
  const panels = Object.keys(READY);
  await page.goto(`${env.base}index.html#panel=${panels[0]}&lang=en&theme=light`);
  await waitReady(page);
  await page.evaluate(AXE_SOURCE);   // evaluated by the test driver: not subject to the page's CSP
  const found = [];
  let checks = 0;
  for (const lang of LANGS) {
    for (const theme of THEMES) {
      for (const panel of panels) {
        const hash = `#panel=${panel}&lang=${lang}&theme=${theme}`;
        if (decodeURIComponent(await page.evaluate(() => location.hash)) !== hash) await showHash(page, hash);
        await page.waitForSelector(READY[panel]);
        assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), theme, hash);
        await afterFrames(page, 2);
        const violations = await page.evaluate(async () => {
          const r = await window.axe.run(document, { resultTypes: ['violations'] });
          return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 4).map((n) => n.target.join(' ')).join(' | ')}`);
        });
        checks += 1;
        for (const v of violations) found.push(`${size.width}px ${hash}: ${v}`);
      }
    }
  }
  assert.deepEqual(page.problems, [], 'no console error or warning');
  await page.close();
  return { found, checks };
}

for (const size of SIZES) {
  test(`axe reports no violation on any panel at ${size.width} x ${size.height}, in both languages and both themes`, async () => {
    const { found, checks } = await checkSize(size);
    assert.equal(checks, Object.keys(READY).length * LANGS.length * THEMES.length);
    assert.deepEqual(found, []);
  });
}
