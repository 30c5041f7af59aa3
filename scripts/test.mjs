// test: every test of the project, suite by suite:
//   native   GoogleTest through CTest (CMake preset "native", build/native)
//   wasm     node --test tests/wasm against the built module, through CTest (preset "wasm")
//   web      node --test tests/web: the page's JS modules and the static server, in node
//   browser  node --test tests/browser: playwright-core driving Debian's chromium on dist/
// `node scripts/test.mjs` runs them all (npm test); names pick some (npm run test:native,
// or `npm test -- wasm web`). Installs what the chosen suites need first; exits non-zero if
// any suite fails.
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { ensureNodeModules, ensureSystem, root, run } from './bootstrap.mjs';
import { buildAll, buildPreset, jobs } from './build.mjs';

// The command-line tool's code cache stays out of the tests the tool runs in (a run finding no
// cache starts a writer that would outlive the test); tests/wasm/cli_cache.test.mjs tests the
// cache in directories of its own.
process.env.ALAB_CACHE ??= '0';

const SUITES = ['native', 'wasm', 'web', 'browser'];
const only = process.argv.slice(2);
const unknown = only.filter((s) => !SUITES.includes(s));
if (unknown.length) {
  console.error(`[test] unknown suite ${unknown.join(', ')}; the suites are ${SUITES.join(', ')}`);
  process.exit(2);
}
const want = (s) => only.length === 0 || only.includes(s);
const results = [];

function suite(name, fn) {
  if (!want(name)) return;
  const t0 = Date.now();
  let ok = false;
  try {
    ok = fn();
  } catch (e) {
    console.error(`[test] ${name}: ${e.message}`);
  }
  results.push({ name, ok, seconds: (Date.now() - t0) / 1000 });
}

function nodeTests(dir) {
  const files = readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.test.mjs')).sort().map((f) => path.join(dir, f));
  if (files.length === 0) throw new Error(`no tests in ${dir}`);
  return run(process.execPath, ['--test', '--test-concurrency=2', ...files]) === 0;
}

const ctest = (preset) => run('ctest', ['--preset', preset, '--parallel', jobs]) === 0;

try {
  const needs = ['cmake'];
  if (want('native')) needs.push('compiler', 'gtest', 'json', 'boost', 'fuzzer');
  if (want('wasm') || want('web') || want('browser')) needs.push('emscripten', 'xz', 'boost');
  if (want('wasm')) needs.push('torch');   // tests/wasm/export_pytorch runs exported scripts
  if (want('browser')) needs.push('chromium', 'nginx');
  ensureSystem(needs);
  // The wasm suite also checks that dist/core.js is the module just built, so every suite
  // but native builds both the module and the page.
  if (want('wasm') || want('web') || want('browser')) {
    ensureNodeModules();
    await buildAll();
  }
} catch (e) {
  console.error(`[test] setup failed: ${e.message}`);
  process.exit(1);
}

suite('native', () => {
  buildPreset('native');
  return ctest('native');
});
suite('wasm', () => ctest('wasm'));
suite('web', () => nodeTests('tests/web'));
suite('browser', () => nodeTests('tests/browser'));

console.log('\n[test] summary');
for (const r of results) console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(8)} ${r.seconds.toFixed(1)} s`);
process.exit(results.every((r) => r.ok) && results.length > 0 ? 0 : 1);
