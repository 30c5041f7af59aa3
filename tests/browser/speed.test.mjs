// The Speed panel in headless Chromium against the built dist/: the chosen activations are
// timed live with progress, drawn as bars, listed with positive finite times and their exp
// flags; Cancel stops a long run; an unknown name in the link is reported. No timing
// assertions: which activation is faster depends on the machine.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, canvasStats, openPanel, flushedHash, afterFrames, cancelMidRun } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

const open = (hash) => openPanel(env, 'speed', hash, { waitFor: '.panel-speed' });

test('the chosen activations are timed and drawn, exp-based ones marked', async () => {
  const page = await open('spfn=relu,sigmoid,tanh,gelu');
  await page.waitForSelector('.panel-speed[data-speed="done"]', { timeout: 60000 });
  const rows = await page.$$eval('.speed-table tbody tr', (rs) => rs.map((r) => ({ name: r.dataset.name, fwd: Number(r.dataset.fwd), bwd: Number(r.dataset.bwd), exp: r.lastChild.textContent })));
  assert.deepEqual(rows.map((r) => r.name).sort(), ['gelu', 'relu', 'sigmoid', 'tanh']);
  for (const r of rows) {
    assert.ok(Number.isFinite(r.fwd) && r.fwd > 0 && Number.isFinite(r.bwd) && r.bwd > 0, JSON.stringify(r));
    assert.equal(r.exp, r.name === 'relu' ? '–' : 'yes');
  }
  const s = await canvasStats(page, '.speed-chart canvas');
  assert.ok(s.ink > 0.01, `bar chart looks blank (${s.ink})`);
  const found = await page.$eval('.speed-claim .claim-found', (f) => f.textContent);
  assert.match(found, /ReLU: [\d.]+ ns forward/);
  assert.match(found, /this machine and this browser/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('progress advances and Cancel stops a run of every activation', async () => {
  const page = await open('');
  await page.waitForSelector('.panel-speed[data-speed="done"]', { timeout: 60000 });
  await page.click('.speed-all');
  assert.ok((await flushedHash(page)).includes('spfn=identity,sigmoid,tanh,relu'));
  // Run, and Cancel as soon as the run shows progress (in the page: no race with its end).
  const seen = await cancelMidRun(page, 'speed', '.speed-run');
  assert.ok(!seen.missed && seen.value > 0 && seen.value < 1, `progress when cancelled: ${JSON.stringify(seen)}`);
  assert.equal(await page.$eval('.panel-speed', (s) => s.dataset.speed), 'cancelled');
  const n = await page.$$eval('.speed-table tbody tr', (r) => r.length);
  const total = await page.$$eval('input[name="spfn"]', (b) => b.length);
  assert.ok(n >= 1 && n < total, `${n} of ${total} timed after Cancel`);
  // A stopped run times nothing more, however many frames pass.
  await afterFrames(page, 5);
  assert.equal(await page.$$eval('.speed-table tbody tr', (r) => r.length), n);
  assert.match(await page.$eval('.panel-speed .progress-text', (s) => s.textContent), /Cancelled after \d+ of \d+/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('an unknown activation in the link is reported and skipped', async () => {
  const page = await open('spfn=relu,bogus_fn');
  await page.waitForSelector('.panel-speed[data-speed="done"]', { timeout: 60000 });
  assert.match(await page.$eval('.speed-alert', (a) => a.textContent), /bogus_fn/);
  assert.deepEqual(await page.$$eval('.speed-table tbody tr', (rs) => rs.map((r) => r.dataset.name)), ['relu']);
  assert.deepEqual(page.problems, []);
  await page.close();
});
