// The Dead ReLUs panel in headless Chromium against the built dist/: both charts are drawn,
// the sweep's numbers on screen equal what the core returns in node for the same seeds, its
// progress advances and Cancel stops it, a bad learning rate shows a message and keeps the
// last valid one, and a hostile link is harmless.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, canvasStats, openPanel, flushedHash, afterFrames, cancelMidRun } from './helpers.mjs';
import { createDeadJob, sweepRuns, summarizeSweep } from '../../web/src/panels/dead/experiment.js';

let env;
let engine;
browserSuite((s) => ({ env, engine } = s), { engine: 'core' });

const open = (hash) => openPanel(env, 'dead', hash, { waitFor: '.panel-dead' });

function assertClean(page) {
  assert.deepEqual(page.problems, [], `console/page errors:\n${page.problems.join('\n')}`);
}

test('the sweep and the trace are drawn, and their numbers equal the core in node for the same seeds', async () => {
  const page = await open('dseeds=1&dds=xor&dlr=1&dseed=2');
  await page.waitForSelector('.panel-dead[data-sweep="done"]', { timeout: 60000 });
  await page.waitForSelector('.panel-dead[data-trace-ready="1"]');
  for (const sel of ['.dead-sweep canvas', '.dead-trace canvas']) {
    const s = await canvasStats(page, sel);
    assert.ok(s.ink > 0.01, `${sel} looks blank (${s.ink})`);
  }
  const summary = summarizeSweep(createDeadJob(engine, sweepRuns({ seeds: 1 }), { dataset: 'xor' }).runAll());
  const shown = await page.$$eval('.dead-table tbody tr', (rows) => rows.map((r) => ({
    lr: Number(r.dataset.lr), relu: r.children[1].dataset.mean, leaky: r.children[2].dataset.mean,
  })));
  assert.equal(shown.length, 9);
  for (const row of shown) {
    for (const act of ['relu', 'leaky_relu']) {
      const ref = summary.find((s) => s.act === act && s.lr === row.lr);
      const got = act === 'relu' ? row.relu : row.leaky;
      assert.equal(got === '' ? null : Number(got), ref.mean, `${act} at lr ${row.lr}`);
    }
  }
  const trace = createDeadJob(engine, [{ act: 'relu', lr: 1, seed: 2 }, { act: 'leaky_relu', lr: 1, seed: 2 }], { dataset: 'xor', every: 40 }).runAll();
  assert.equal(Number(await page.$eval('.dead-trace-relu', (p) => p.dataset.share)), trace[0].share);
  assert.equal(Number(await page.$eval('.dead-trace-leaky_relu', (p) => p.dataset.share)), trace[1].share);
  const found = await page.$eval('.dead-claim .claim-found', (f) => f.textContent);
  assert.match(found, /At learning rate \S+, \d+(\.\d)?% of the ReLU neurons died/);
  assert.match(found, /stay dead/);
  assertClean(page);
  await page.close();
});

test('the sweep shows progress and Cancel stops it', async () => {
  const page = await open('dseeds=10');
  // Start the sweep again and Cancel as soon as it shows progress (in the page: no race with its end).
  const seen = await cancelMidRun(page, 'dead', '.dead-rerun');
  assert.ok(!seen.missed && seen.value > 0, `progress when cancelled: ${JSON.stringify(seen)}`);
  assert.equal(await page.$eval('.panel-dead', (s) => s.dataset.sweep), 'cancelled');
  const text = await page.$eval('.panel-dead .progress-text', (s) => s.textContent);
  assert.match(text, /Cancelled after \d+ of 180 runs/);
  const rowsBefore = await page.$$eval('.dead-table tbody tr', (r) => r.length);
  const value = await page.$eval('.panel-dead .progress-meter', (p) => p.value);
  // A stopped sweep runs nothing more, however many frames pass.
  await afterFrames(page, 5);
  assert.equal(await page.$eval('.panel-dead .progress-meter', (p) => p.value), value, 'progress moved after Cancel');
  assert.equal(await page.$$eval('.dead-table tbody tr', (r) => r.length), rowsBefore);
  assert.ok(value < 1);
  assert.equal(await page.$eval('.panel-dead .progress-cancel', (b) => b.hidden), true);
  assertClean(page);
  await page.close();
});

test('a bad learning rate shows a message and keeps the last valid value; settings go to the link', async () => {
  const page = await open('dseeds=1');
  await page.fill('input[name="dlr"]', 'NaN');
  await page.press('input[name="dlr"]', 'Enter');
  await page.locator('input[name="dlr"]').blur();
  const err = page.locator('.dead-lr .field-error');
  await err.waitFor({ state: 'visible' });
  assert.match(await err.textContent(), /still using 3/);
  assert.equal(await page.$eval('input[name="dlr"]', (i) => i.getAttribute('aria-invalid')), 'true');
  await page.fill('input[name="dlr"]', '0.5');
  await page.locator('input[name="dlr"]').blur();
  assert.match(await flushedHash(page), /dlr=0\.5/);
  assert.equal(await err.isVisible(), false);
  await page.waitForSelector('.panel-dead[data-trace-ready="1"]');
  assert.match(await page.$eval('.dead-trace-title', (h) => h.textContent), /learning rate 0\.5/);
  assertClean(page);
  await page.close();
});

test('a hostile link is harmless', async () => {
  const page = await open('dlr=NaN&dseeds=-5&dds=%3Cscript%3E&dseed=1e999');
  await page.waitForSelector('.panel-dead[data-trace-ready="1"]');
  assert.ok(await page.$('.notice'), 'the link problem is reported');
  assert.equal(await page.$eval('input[name="dlr"]', (i) => i.value), '3');
  assert.equal(await page.$eval('input[name="dseeds"]', (i) => Number(i.value)), 1);
  assertClean(page);
  await page.close();
});

test('a language switch shows the finished sweep at once (seeded runs are kept), in Chinese', async () => {
  const page = await open('dseeds=1');
  await page.waitForSelector('.panel-dead[data-sweep="done"]', { timeout: 60000 });
  const before = await page.$$eval('.dead-table tbody tr td:nth-child(2)', (c) => c.map((x) => x.dataset.mean));
  await page.click('.lang-btn[data-lang="zh"]');
  await page.waitForFunction(() => document.documentElement.lang === 'zh-Hant');
  // Done in the same task as the re-render: nothing was trained again.
  assert.equal(await page.$eval('.panel-dead', (s) => s.dataset.sweep), 'done');
  assert.deepEqual(await page.$$eval('.dead-table tbody tr td:nth-child(2)', (c) => c.map((x) => x.dataset.mean)), before);
  assert.match(await page.$eval('.dead-claim .claim-found', (f) => f.textContent), /學習率 \S+ 時，\S+ 的 ReLU 神經元死亡/);
  assert.match(await page.$eval('.panel-dead .progress-text', (s) => s.textContent), /完成/);
  assertClean(page);
  await page.close();
});
