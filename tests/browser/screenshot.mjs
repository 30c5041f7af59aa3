#!/usr/bin/env node
// Takes the documentation screenshot docs/curves.png (1280 px wide) of the Curves panel from
// dist/, with the same server and browser as the tests. Not a test: run it by hand after a
// visible change (node tests/browser/screenshot.mjs [out.png] [hash] [width] [--embed] [--hover=0..1]).

import path from 'node:path';
import { setup, waitReady, ROOT } from './helpers.mjs';

const args = process.argv.slice(2);
const embed = args.includes('--embed');
const hover = Number((args.find((a) => a.startsWith('--hover=')) || '--hover=0.72').slice(8));
const [out = path.join(ROOT, 'docs/curves.png'), hash = '#lang=en', width = '1280'] = args.filter((a) => !a.startsWith('--'));
const env = await setup();
try {
  const page = await env.newPage();
  await page.setViewportSize({ width: Number(width), height: 900 });
  await page.goto(`${env.base}${embed ? 'embed.html?panel=curves' : 'index.html'}${hash}`);
  await waitReady(page);
  // Grow the viewport to the whole page first: a fullPage capture would resize (and redraw)
  // the chart, losing the tooltip.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: Number(width), height });
  await page.waitForTimeout(100);
  if (hover > 0) {            // show the tooltip: x, f(x) and f'(x) of every curve
    const box = await (await page.$('.chart-box canvas')).boundingBox();
    await page.mouse.move(box.x + box.width * hover, box.y + box.height * 0.5);
  }
  await page.waitForTimeout(200);
  await page.screenshot({ path: out });
  if (page.problems.length) console.warn(page.problems.join('\n'));
  console.log(`screenshot: ${path.relative(process.cwd(), out)}`);
} finally {
  await env.close();
}
