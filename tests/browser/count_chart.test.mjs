// The charts of a count or loss over training (kit/loss_chart.js) show a run's first point
// before any training: the Linear regions panel's "Regions over training" at step 0 draws its
// one point as a dot (the issue: axes around the count, 100 to 115, and nothing on them).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPanel } from './helpers.mjs';

let env;
browserSuite((s) => ({ env } = s));

// Pixels of the line colour (TRAIN_COLOUR #0072B2) in the left fifth of the canvas, where the
// plot starts (the legend sits at the top right); and the canvas width.
const dotPixels = (page) => page.$eval('.rg-count canvas', (c) => {
  const { data } = c.getContext('2d').getImageData(0, 0, Math.floor(c.width / 5), c.height);
  let n = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (Math.abs(data[i] - 0x00) < 40 && Math.abs(data[i + 1] - 0x72) < 40 && Math.abs(data[i + 2] - 0xb2) < 40 && data[i + 3] > 200) n++;
  }
  return n;
});

for (const lang of ['en', 'zh']) {
  test(`regions (${lang}): "Regions over training" shows the count of step 0 as a dot`, async () => {
    const page = await openPanel(env, 'regions', '', { lang });
    // paint() draws the count chart, then signals the count it shows.
    await page.waitForSelector('.panel-regions[data-regions]:not([data-regions=""]) .rg-count canvas[data-drawn]');
    assert.equal(await page.$eval('.rg-counter', (c) => /\b0\b/.test(c.textContent)), true, 'still at step 0');
    const n = await dotPixels(page);
    assert.ok(n >= 12, `the step-0 dot: ${n} pixels of the line colour at the plot's left`);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}
