// test: every test of the project, in order: native (GoogleTest via CTest), WASM in
// node (node --test tests/wasm), the page's JS modules and the static server in node
// (tests/web), browser (playwright-core + Debian chromium, tests/browser).
// Installs what is missing first. Exits non-zero if any suite fails.
import path from 'node:path';
import { readdirSync } from 'node:fs';
import { ensureNodeModules, ensureSystem, root, run } from './bootstrap.mjs';
import { buildAll } from './build.mjs';

const only = process.argv.slice(2);  // e.g. `npm test -- native wasm`
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

try {
  ensureSystem(['cmake', 'compiler', 'gtest', 'json', 'emscripten', ...(want('browser') ? ['chromium'] : [])]);
  ensureNodeModules();
  await buildAll();
} catch (e) {
  console.error(`[test] setup failed: ${e.message}`);
  process.exit(1);
}

suite('native', () => {
  const dir = path.join(root, 'build/native');
  return run('cmake', ['-S', root, '-B', dir, '-DCMAKE_BUILD_TYPE=Release'], { stdio: ['ignore', 'ignore', 'inherit'] }) === 0 &&
    run('cmake', ['--build', dir, '-j2']) === 0 &&
    run('ctest', ['--test-dir', dir, '--output-on-failure', '-j2']) === 0;
});
suite('wasm', () => nodeTests('tests/wasm'));
suite('web', () => nodeTests('tests/web'));
suite('browser', () => nodeTests('tests/browser'));

console.log('\n[test] summary');
for (const r of results) console.log(`  ${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(8)} ${r.seconds.toFixed(1)} s`);
process.exit(results.every((r) => r.ok) && results.length > 0 ? 0 : 1);
