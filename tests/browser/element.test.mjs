// The <activation-lab> custom element on a tutorial page that loads the bundle with two
// script tags (tests/browser/fixtures/tutorial.html, served next to a copy of dist/).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setup, waitReady, canvasStats, DIST, ROOT } from './helpers.mjs';

let env;
let dir;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'alab-tutorial-'));
  for (const f of ['app.js', 'core.js', 'style.css']) await copyFile(path.join(DIST, f), path.join(dir, f));
  await copyFile(path.join(ROOT, 'tests/browser/fixtures/tutorial.html'), path.join(dir, 'index.html'));
  env = await setup({ root: dir });
});
after(async () => {
  await env?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('<activation-lab panel="curves"> renders the panel inside a host page', async () => {
  const page = await env.newPage();
  await page.goto(`${env.base}index.html`);
  await waitReady(page, 'activation-lab[data-ready="1"]');
  assert.deepEqual(await page.$$eval('activation-lab .fn-item', (els) => els.map((e) => e.dataset.fn)), ['relu', 'leaky_relu']);
  assert.equal(await page.$eval('activation-lab input[name="xmax"]', (e) => e.value), '3');
  assert.match(await page.$eval('activation-lab .panel-head h2', (e) => e.textContent), /激活函數/);
  assert.ok((await canvasStats(page, 'activation-lab canvas')).ink > 0.01);
  // The host page's URL is left alone; the element keeps its state in an attribute.
  await page.focus('activation-lab input[data-param="leaky_relu.negative_slope"]');
  await page.keyboard.press('End');
  assert.match(await page.$eval('activation-lab', (e) => e.dataset.state), /negative_slope:0\.5/);
  // Asked of the page itself (page.url() can lag behind history.replaceState), after the change.
  assert.equal(await page.evaluate(() => location.hash), '');
  assert.equal(await page.evaluate(() => document.body.dataset.hashSeq), undefined, 'the page wrote a hash');
  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.close();
});
