// The npm package as a tutorial author gets it: `npm pack` (its prepack builds what is
// needed) gives a tarball that installs offline into an empty folder (no runtime
// dependencies); from there the engine imports in node and computes what PyTorch computed
// (tests/reference/torch), the TypeScript declarations are where package.json says and name
// every method the engine has, and a host page loads the element's files and the engine
// module from node_modules in headless Chromium.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { transform } from 'esbuild';
import { ROOT, setup } from './helpers.mjs';

const NAME = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).name;
let scratch, tarball, app, installed;

// npm, without the settings of an `npm test` that may be running this file.
function npm(args, cwd) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  env.npm_config_cache = path.join(scratch, 'npm-cache');   // an empty cache: nothing to reuse
  return execFileSync('npm', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
}

before(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'alab-package-'));
  const packDir = path.join(scratch, 'pack');
  mkdirSync(packDir);
  npm(['pack', '--pack-destination', packDir], ROOT);
  const tgz = readdirSync(packDir).filter((f) => f.endsWith('.tgz'));
  assert.equal(tgz.length, 1, `npm pack made ${tgz.join(', ') || 'nothing'}`);
  tarball = path.join(packDir, tgz[0]);
  app = path.join(scratch, 'app');
  mkdirSync(app);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'tutorial', private: true, type: 'module' }));
  npm(['install', '--offline', '--no-audit', '--no-fund', tarball], app);
  installed = path.join(app, 'node_modules', NAME);
});

after(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

test('the tarball holds the page, the element and the engine module, and nothing else', () => {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
  // one chunk per panel folder (scripts/build-web.mjs)
  const chunks = readdirSync(path.join(ROOT, 'web/src/panels'), { withFileTypes: true }).filter((d) => d.isDirectory())
    .map((d) => `dist/panel-${d.name}.js`);
  assert.ok(chunks.length >= 10);
  assert.deepEqual(files, ['README.md', 'dist/app.js', 'dist/core.js', 'dist/embed.html', 'dist/index.html', ...chunks.sort(), 'dist/style.css',
    'engine/core.mjs', 'engine/engine.mjs', 'engine/index.d.ts', 'engine/index.mjs', 'package.json']);
  const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
  assert.equal(pkg.private, undefined);
  assert.deepEqual(pkg.dependencies ?? {}, {}, 'the package must install without other packages');
});

test('in node, the installed engine computes GELU and sigmoid as PyTorch does', () => {
  // A script in the tutorial folder imports the package by name, as a user's code would.
  const refs = ['act_gelu', 'act_sigmoid'].map((id) => path.join(ROOT, 'tests/reference/torch', `${id}.json`));
  writeFileSync(path.join(app, 'check.mjs'), `
import { readFileSync } from 'node:fs';
import { createEngine, CoreError } from '${NAME}';
const engine = await createEngine();
const out = { activations: engine.activations().length, cases: [] };
for (const file of process.argv.slice(2)) {
  const ref = JSON.parse(readFileSync(file, 'utf8'));
  const r = engine.evaluate(ref.request.name, ref.request.params, ref.request.x);
  out.cases.push({ id: ref.id, y: Array.from(r.y), dy: Array.from(r.dy) });
}
try { engine.evaluate('no_such_function', {}, [0]); } catch (e) { out.error = { isCoreError: e instanceof CoreError, code: e.code }; }
console.log(JSON.stringify(out));
`);
  const out = JSON.parse(execFileSync(process.execPath, ['check.mjs', ...refs], { cwd: app, encoding: 'utf8' }));
  assert.ok(out.activations >= 20, `${out.activations} activations in the catalogue`);
  assert.deepEqual(out.error, { isCoreError: true, code: out.error.code });
  assert.match(out.error.code, /unknown/);
  for (const [k, file] of refs.entries()) {
    const ref = JSON.parse(readFileSync(file, 'utf8'));
    const { abs, rel } = ref.tolerance;
    const got = out.cases[k];
    for (const key of ['y', 'dy']) {
      let worst = 0, bad = -1;
      got[key].forEach((g, i) => {
        const refs = [ref.expected[key][i], ref.expected[`${key}_exact`]?.[i]].map(Number).filter((v) => !Number.isNaN(v));
        const err = Math.min(...refs.map((r) => Math.abs(g - r) - rel * Math.abs(r)));
        if (err > abs && bad < 0) bad = i;
        worst = Math.max(worst, Math.min(...refs.map((r) => Math.abs(g - r))));
      });
      assert.equal(got[key].length, ref.request.x.length);
      assert.equal(bad, -1, `${ref.id} ${key}[${bad}] = ${got[key][bad]} is off (max difference ${worst})`);
    }
  }
});

test('package.json points "types" and exports["."].types at the declarations, which parse and name every engine method', async () => {
  const pkg = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
  assert.equal(pkg.types, './engine/index.d.ts');
  assert.equal(pkg.exports['.'].types, './engine/index.d.ts');
  assert.equal(pkg.exports['.'].default, './engine/index.mjs');
  const dts = readFileSync(path.join(installed, pkg.types), 'utf8');
  await transform(dts, { loader: 'ts' });   // throws on a syntax error (esbuild parses, it does not type-check)
  for (const decl of ['export function createEngine(', 'export class CoreError', 'export interface Engine', 'export interface Trainer', 'export interface Activation '])
    assert.ok(dts.includes(decl), `index.d.ts lacks ${decl}`);
  // Every method of a live engine and trainer is declared (the declarations follow engine.js).
  writeFileSync(path.join(app, 'methods.mjs'), `
import { createEngine } from '${NAME}';
const engine = await createEngine();
const d = engine.makeDataset('xor', { n: 40 });
const trainer = engine.createTrainer({ layers: [2, 4, 1], activation: 'relu', output: 'sigmoid', loss: 'bce', lr: 0.1 }, d.train);
console.log(JSON.stringify({ engine: Object.keys(engine), trainer: Object.keys(trainer) }));
trainer.delete();
`);
  const keys = JSON.parse(execFileSync(process.execPath, ['methods.mjs'], { cwd: app, encoding: 'utf8' }));
  const block = (name) => dts.slice(dts.indexOf(`export interface ${name} {`), dts.indexOf('\n}\n', dts.indexOf(`export interface ${name} {`)));
  for (const [iface, names] of [['Engine', keys.engine], ['Trainer', keys.trainer]]) {
    const missing = names.filter((k) => !new RegExp(`\\b${k}[(?:]`).test(block(iface)));
    assert.deepEqual(missing, [], `index.d.ts: ${iface} does not declare ${missing.join(', ')}`);
  }
});

test('a host page loads the element and the engine module from node_modules in Chromium', async () => {
  const dist = `node_modules/${NAME}/dist`;
  writeFileSync(path.join(app, 'index.html'), `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tutorial</title><link rel="icon" href="data:,">
<script src="${dist}/core.js" defer></script>
<script src="${dist}/app.js" defer></script>
<script type="module">
  import { createEngine } from './node_modules/${NAME}/engine/index.mjs';
  const engine = await createEngine();
  document.body.dataset.engine = JSON.stringify(Array.from(engine.evaluate('relu', {}, [-2, 3]).y));
</script>
</head><body>
<h1>Why ReLU?</h1>
<activation-lab panel="curves" lang="zh" state="fn=relu,gelu"></activation-lab>
</body></html>`);
  const env = await setup({ root: app });
  try {
    const page = await env.newPage();
    const failed = [];
    page.on('response', (r) => { if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`); });
    await page.goto(`${env.base}index.html`);
    await page.waitForFunction(() => {
      const el = document.querySelector('activation-lab');
      return el && el.dataset.ready === '1' && el.shadowRoot && el.shadowRoot.querySelector('canvas[data-drawn]') && document.body.dataset.engine;
    }, null, { timeout: 60000 });
    const seen = await page.evaluate(() => {
      const root = document.querySelector('activation-lab').shadowRoot;
      return { engine: JSON.parse(document.body.dataset.engine), heading: root.querySelector('h2')?.textContent ?? '', math: root.querySelectorAll('math').length };
    });
    assert.deepEqual(seen.engine, [0, 3]);
    assert.match(seen.heading, /[\u4e00-\u9fff]/, `the zh element shows Chinese: ${seen.heading}`);
    assert.ok(seen.math > 0, 'the formulas are typeset');
    assert.deepEqual(failed, []);
    assert.deepEqual(page.problems, []);
  } finally {
    await env.close();
  }
});

test('the packed engine is the one the page ships: same core inside', () => {
  // engine/core.mjs and dist/core.js carry the same compressed module (one build, two wrappers).
  const blob = (file) => /"([A-Za-z0-9+/=]{1000,})"/.exec(readFileSync(path.join(installed, file), 'utf8'))[1];
  assert.equal(blob('engine/core.mjs'), blob('dist/core.js'));
  assert.ok(existsSync(path.join(installed, 'engine/engine.mjs')));
});
