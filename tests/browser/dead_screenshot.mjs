#!/usr/bin/env node
// Takes the documentation screenshots of the experiment panels (docs/dead.png, docs/speed.png,
// docs/softmax.png, and -zh variants) from dist/ (or WEB_ROOT), with the same server and browser
// as the tests, after each panel's measurement has finished. Not a test:
// node tests/browser/dead_screenshot.mjs [lang]

import path from 'node:path';
import { setup, waitReady, ROOT } from './helpers.mjs';

const lang = process.argv[2] || 'en';
const suffix = lang === 'en' ? '' : `-${lang}`;
const shots = [
  ['dead', '#panel=dead', '.panel-dead[data-sweep="done"]'],
  ['speed', '#panel=speed', '.panel-speed[data-speed="done"]'],
  ['softmax', '#panel=softmax&sms=1000,1001,1002,998', '.panel-softmax[data-ready="1"]'],
];
const env = await setup();
try {
  for (const [name, hash, ready] of shots) {
    const page = await env.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${env.base}index.html${hash}&lang=${lang}`);
    await waitReady(page);
    await page.waitForSelector(ready, { timeout: 120000 });
    await page.waitForTimeout(200);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    await page.setViewportSize({ width: 1280, height });
    await page.waitForTimeout(300);
    const out = path.join(ROOT, `docs/${name}${suffix}.png`);
    await page.screenshot({ path: out });
    if (page.problems.length) console.warn(page.problems.join('\n'));
    console.log(`screenshot: ${path.relative(process.cwd(), out)}`);
    await page.close();
  }
} finally {
  await env.close();
}
