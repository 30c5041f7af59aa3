// Loads the WASM core in node: build/wasm/core.js (what the build made; dist/core.js, the
// shipped copy, is byte-identical, which tests/wasm/shipped.test.mjs checks), else
// dist/core.js; builds it first (quietly, to stderr) when neither exists. core.js is a
// classic script: build/wasm/ holds a package.json marking it CommonJS; for dist/ the
// source is wrapped as a CommonJS module by hand, since the project is "type": "module".
// Used by tools/alab.mjs, the wasm tests and the benchmarks.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import vm from 'node:vm';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../web/src/engine.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export function coreModulePath() {
  if (process.env.ALAB_CORE) return path.resolve(process.env.ALAB_CORE);
  for (const p of [path.join(root, 'build/wasm/core.js'), path.join(root, 'dist/core.js')]) if (existsSync(p)) return p;
  return null;
}

// moduleOptions: Emscripten module options (tools/core-cache.mjs hands in a compiled module).
export async function loadEngine(moduleOptions = {}) {
  let p = coreModulePath();
  if (!p) {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--wasm-only'], {
      stdio: ['ignore', process.stderr, process.stderr],
    });
    if (r.status !== 0) throw new Error('the WASM core is not built and building it failed; run npm run build');
    p = coreModulePath();
  }
  return createEngine(loadFactory(p), moduleOptions);
}

// The engine of one given core.js (e.g. the page's own dist/core.js in the browser tests).
export function loadEngineFrom(p) {
  return createEngine(loadFactory(path.resolve(p)));
}

// The MODULARIZE factory defined by a classic core.js, wherever it lies.
export function loadFactory(p) {
  if (existsSync(path.join(path.dirname(p), 'package.json'))) return require(p);
  const module = { exports: {} };
  const wrapped = vm.runInThisContext(`(function (exports, require, module, __filename, __dirname) {${readFileSync(p, 'utf8')}\n})`, { filename: p });
  wrapped(module.exports, require, module, p, path.dirname(p));
  return module.exports;
}
