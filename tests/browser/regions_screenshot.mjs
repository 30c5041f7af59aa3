#!/usr/bin/env node
// Takes the documentation screenshots of the Regions panel (docs/regions.png, docs/regions-zh.png)
// from dist/ (or WEB_ROOT), with the same server and browser as the tests: the network trains
// for a moment, then points a and b are placed in two different regions. Not a test:
// node tests/browser/regions_screenshot.mjs [out.png] [hash] [trainMs]

import path from 'node:path';
import { setup, waitReady, ROOT } from './helpers.mjs';

const [out = path.join(ROOT, 'docs/regions.png'), hash = '#panel=regions&lang=en', trainMs = '2500'] = process.argv.slice(2);
const env = await setup();
try {
  const page = await env.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${env.base}index.html${hash}`);
  await waitReady(page);
  await page.waitForSelector('.rg-plot canvas');
  if (Number(trainMs) > 0 && await page.$('.rg-play:not([disabled])')) {
    await page.click('.rg-play');
    await page.waitForTimeout(Number(trainMs));
    await page.click('.rg-play');
  }
  const loc = page.locator('.rg-plot canvas');
  const b = await loc.boundingBox();
  if (!(await page.$('.rg-smooth:not([hidden])'))) {
    await loc.click({ position: { x: b.width * 0.36, y: b.height * 0.42 } });
    await loc.click({ position: { x: b.width * 0.78, y: b.height * 0.7 } });
  }
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: 1280, height });
  await page.waitForTimeout(300);
  await page.screenshot({ path: out });
  if (page.problems.length) console.warn(page.problems.join('\n'));
  console.log(`screenshot: ${path.relative(process.cwd(), out)}`);
} finally {
  await env.close();
}
