// The Speed panel in headless Chromium against the built dist/: the chosen activations are
// timed live with progress, drawn as bars, listed with positive finite times and their exp
// flags; Cancel stops a long run; an unknown name in the link is reported. No timing
// assertions: which activation is faster depends on the machine.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setup, canvasStats, openPanel, flushedHash, afterFrames } from './helpers.mjs';

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
  await page.click('.speed-run');
  // Press Cancel in the same task in which the page shows two timed rows of a running job,
  // so the run cannot finish between seeing the progress and cancelling (one job step runs
  // per animation frame).
  const seen = await (await page.waitForFunction(() => {
    const rows = document.querySelectorAll('.speed-table tbody tr').length;
    if (rows < 2 || document.querySelector('.panel-speed').dataset.speed !== 'running') return false;
    const value = document.querySelector('.panel-speed .progress-meter').value;
    document.querySelector('.panel-speed .progress-cancel').click();
    return { rows, value };
  }, null, { polling: 'raf' })).jsonValue();
  assert.equal(await page.$eval('.panel-speed', (s) => s.dataset.speed), 'cancelled');
  assert.ok(seen.value > 0 && seen.value < 1, `progress ${seen.value} when cancelled`);
  const n = await page.$$eval('.speed-table tbody tr', (r) => r.length);
  const total = await page.$$eval('input[name="spfn"]', (b) => b.length);
  assert.equal(n, seen.rows);
  assert.ok(n < total, `${n} of ${total} timed after Cancel`);
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
