// The loss chart (kit/loss_chart.js: the Playground's loss, the Regions count) draws a run of
// one step as dots; the dots at step 0 sit on the left edge of the plot area and are drawn
// whole, not cut in half by it: their coloured pixels are as wide as they are tall.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, openPanel } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

// The box of the pixels of colour `rgb` in the left quarter of the canvas (the legend, in the
// same colours, is at the right), once there are any; null while there are none.
function dotBox([canvasSel, rgb]) {
  const c = document.querySelector(canvasSel);
  const w = Math.floor(c.width / 4);
  const d = c.getContext('2d').getImageData(0, 0, w, c.height).data;
  let box = null;
  for (let y = 0; y < c.height; y++) {
    for (let x = 0; x < w; x++) {
      const i = 4 * (y * w + x);
      if (d[i + 3] > 200 && Math.abs(d[i] - rgb[0]) + Math.abs(d[i + 1] - rgb[1]) + Math.abs(d[i + 2] - rgb[2]) < 60) {
        box ??= { left: x, right: x, top: y, bottom: y };
        box.left = Math.min(box.left, x); box.right = Math.max(box.right, x);
        box.top = Math.min(box.top, y); box.bottom = Math.max(box.bottom, y);
      }
    }
  }
  return box && { width: box.right - box.left + 1, height: box.bottom - box.top + 1 };
}

const TRAIN = [0, 114, 178];   // loss_chart.js TRAIN_COLOUR, TEST_COLOUR
const TEST = [213, 94, 0];

for (const [panel, hash, canvas, colours] of [
  ['playground', 'ds=xor', '.pg-loss canvas', [TRAIN, TEST]],
  ['regions', '', '.rg-count canvas', [TRAIN]],
]) {
  test(`${panel}: the dots of step 0 are drawn whole at the left edge of the chart`, async () => {
    const page = await openPanel(env, panel, hash, { waitFor: `${canvas}[data-drawn]` });
    const ratio = await page.evaluate(() => devicePixelRatio);
    for (const rgb of colours) {
      const box = await (await page.waitForFunction(dotBox, [canvas, rgb])).jsonValue();
      assert.ok(box.height >= 5 * ratio && box.height <= 9 * ratio, `a dot of radius 3: ${JSON.stringify(box)}`);
      assert.ok(Math.abs(box.width - box.height) <= ratio, `whole, not cut at the edge: ${JSON.stringify(box)}`);
    }
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}
