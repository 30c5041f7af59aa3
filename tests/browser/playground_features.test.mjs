// The Playground's input features, output activations and PyTorch export in headless
// Chromium against the built dist/: toggling x1² and x2² lets a net without non-linear
// activations learn the circle (and the link keeps the toggles); a regression net can end
// in tanh; "Export PyTorch" downloads the same script as the command-line tool's op export
// for the same model (in both languages), and python3-torch runs it to the core's outputs;
// the Regions panel explains that a Playground net with curved features has no linear
// regions. Training is measured in optimizer steps (the panel's data-step signal).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setup, waitReady, flushedHash, playSteps, ROOT, PANEL_READY } from './helpers.mjs';

let env;
before(async () => { env = await setup(); });
after(async () => { await env?.close(); });

async function open(hash) {
  const page = await env.newPage();
  await page.goto(`${env.base}index.html#panel=playground${hash ? `&${hash}` : ''}`);
  await waitReady(page, PANEL_READY.playground);
  return page;
}

function assertClean(page) {
  assert.deepEqual(page.problems, [], `console/page errors:\n${page.problems.join('\n')}`);
}

const readout = (page, key) => page.$eval(`.pg-r-${key} dd`, (d) => Number(d.dataset.value));
const playFor = (page, steps) => playSteps(page, 'playground', steps, '.pg-play');

// The command-line tool, as a user runs it.
function alab(request) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'tools/alab.mjs')], {
    input: JSON.stringify(request), encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, ALAB_CACHE: '0' },   // no code cache written behind the test
  });
  assert.equal(r.status, 0, r.stdout);
  return JSON.parse(r.stdout);
}

test('x1² and x2² toggled on: an identity net learns the circle; without them it cannot; the link keeps them', async () => {
  const setupHash = 'lang=en&ds=circle&layers=2&act=identity&opt=adam&lr=0.03';
  const plain = await open(setupHash);
  assert.deepEqual(await plain.$$eval('.pg-features input', (l) => l.map((i) => i.checked)), [false, false, false, false, false], 'off by default');
  await playFor(plain, 1500);
  const plainAcc = await readout(plain, 'trainAcc');
  assert.ok(plainAcc < 0.8, `a linear boundary cannot separate the circle: ${plainAcc}`);
  assertClean(plain);
  await plain.close();

  const page = await open(setupHash);
  await page.check('input[name="feat-x1sq"]');
  await page.check('input[name="feat-x2sq"]');
  assert.match(await flushedHash(page), /[#&]feat=x1sq,x2sq(&|$)/);
  assert.equal(await readout(page, 'epoch'), 0, 'a new network');
  assert.match(await page.textContent('.pg-live'), /linear in its input features/);
  assert.match(await page.textContent('.pg-net .pg-io'), /x₁, x₂, x₁², x₂²/);
  await playFor(page, 1500);
  const acc = await readout(page, 'trainAcc');
  assert.ok(acc > 0.95, `with x1², x2² the identity net separates the circle: ${acc}`);
  assert.ok(await readout(page, 'testAcc') > 0.95);
  // The exported model names its features; a link opens with them on.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('.pg-export')]);
  assert.match(download.suggestedFilename(), /^activation-lab-model-4-2-1\.json$/);
  assert.deepEqual(JSON.parse(await page.$eval('.pg-json', (t) => t.value)).features, ['x1', 'x2', 'x1^2', 'x2^2']);
  const again = await open(`${setupHash}&feat=x2sq,x1sq,bogus`);
  assert.deepEqual(await again.$$eval('.pg-features input', (l) => l.map((i) => i.checked)), [true, true, false, false, false]);
  assertClean(page);
  assertClean(again);
  await page.close();
  await again.close();
});

// Clicks both export buttons: the model JSON the page holds and the downloaded script.
async function exportBoth(page) {
  await Promise.all([page.waitForEvent('download'), page.click('.pg-export')]);
  const model = JSON.parse(await page.$eval('.pg-json', (t) => t.value));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('.pg-export-py')]);
  const code = await readFile(await download.path(), 'utf8');
  return { model, code, name: download.suggestedFilename() };
}

test('Export PyTorch downloads the command-line tool\'s script for the same model, in both languages, and torch runs it', async () => {
  for (const lang of ['en', 'zh']) {
    const page = await open(`lang=${lang}&ds=xor&layers=5,4&act=relu,elu&apar=l2.alpha:0.5&feat=x1x2,sinx1`);
    assert.equal(await page.textContent('.pg-export-py'), lang === 'en' ? 'Export PyTorch' : '匯出 PyTorch');
    await playFor(page, 150);
    const { model, code, name } = await exportBoth(page);
    assert.equal(name, 'activation-lab-model-4-5-4-1.py');
    assert.match(await page.textContent('.pg-ok'), lang === 'en' ? /PyTorch script/ : /PyTorch 程式/);
    assert.equal(code, alab({ op: 'export', format: 'pytorch', ...model }).code);
    assert.match(code, /nn\.ELU\(alpha=0\.5\)/);
    if (lang === 'en') {
      // The script, run by python3-torch, gives the core's outputs.
      const x = [[0.5, -1], [2, 3], [-4.5, 0.25]];
      const run = spawnSync('/usr/bin/python3', [path.join(ROOT, 'tests/wasm/python/run_exported.py')], { input: JSON.stringify([{ code, x }]), encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      const [torch] = JSON.parse(run.stdout);
      const core = alab({ op: 'forward', ...model, x }).outputs;
      torch.outputs.flat().forEach((v, i) => assert.ok(Math.abs(v - core.flat()[i]) <= 1e-12, `${v} vs ${core.flat()[i]}`));
    }
    assertClean(page);
    await page.close();
  }
});

test('a regression net may end in tanh: the output select, the diagram, the export and the link', async () => {
  const page = await open('lang=en&ds=sin&layers=8&act=relu');
  assert.equal(await page.$eval('select.pg-out', (s) => s.value), 'identity');
  await page.selectOption('select.pg-out', 'tanh');
  assert.match(await flushedHash(page), /[#&]out=tanh(&|$)/);
  assert.match(await page.textContent('.pg-net'), /1 · Tanh/);
  const before = await readout(page, 'trainLoss');
  await playFor(page, 500);
  assert.ok(await readout(page, 'trainLoss') < before, 'the tanh-output net trains');
  const { model, code } = await exportBoth(page);
  assert.equal(model.output, 'tanh');
  assert.match(code, /nn\.Tanh\(\),\n\)\.eval\(\)/);
  assert.equal(code, alab({ op: 'export', format: 'pytorch', ...model }).code);
  assertClean(page);
  await page.close();
});

test('the Regions panel says a Playground net with curved features has no linear regions', async () => {
  for (const lang of ['en', 'zh']) {
    const page = await open(`lang=${lang}&ds=circle&layers=4&act=relu&feat=x1sq`);
    await page.click('.tab[data-panel="regions"]');
    await page.waitForSelector('.panel-regions');
    await page.check('.panel-regions input[data-field="rsrc"][value="pg"]');
    await page.waitForSelector('.rg-alert:not([hidden])');
    assert.match(await page.textContent('.rg-alert'), lang === 'en' ? /curved features.*no linear regions/ : /彎曲的特徵.*沒有線性區域/);
    assertClean(page);
    await page.close();
  }
});
