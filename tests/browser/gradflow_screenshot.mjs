#!/usr/bin/env node
// Takes the documentation screenshots of the experiment panels (docs/nonlinearity.png,
// docs/gradflow.png, docs/convergence.png) from dist/ (or WEB_ROOT), with the same server and
// browser as the tests; each waits until its experiment has finished. Not a test:
// node tests/browser/gradflow_screenshot.mjs [lang] [panel ...]

import path from 'node:path';
import { setup, waitReady, ROOT } from './helpers.mjs';

const [lang = 'en', ...only] = process.argv.slice(2);
const shots = [
  { panel: 'nonlinearity', hash: 'nld=3', ready: '.panel-nonlinearity[data-state="done"]' },
  { panel: 'gradflow', hash: '', ready: '.panel-gradflow[data-state="idle"]', train: 300 },
  { panel: 'convergence', hash: '', ready: '.panel-convergence[data-state="done"]' },
].filter((s) => only.length === 0 || only.includes(s.panel));

const env = await setup();
try {
  for (const s of shots) {
    const page = await env.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${env.base}index.html#panel=${s.panel}&lang=${lang}${s.hash ? `&${s.hash}` : ''}`);
    await waitReady(page);
    await page.waitForSelector(s.ready, { timeout: 60000 });
    if (s.train) {
      while (Number(await page.$eval('.gf-counter', (c) => c.dataset.step)) < s.train) {
        await page.click('.gf-step');
        await page.waitForFunction(() => document.querySelector('.panel-gradflow').dataset.state === 'idle', null, { timeout: 60000 });
      }
    }
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1280, height });
    await page.waitForTimeout(300);
    const out = path.join(ROOT, `docs/${s.panel}${lang === 'en' ? '' : `-${lang}`}.png`);
    await page.screenshot({ path: out });
    if (page.problems.length) console.warn(page.problems.join('\n'));
    console.log(`screenshot: ${path.relative(process.cwd(), out)}`);
    await page.close();
  }
} finally {
  await env.close();
}
