// Loads the shipped WASM core in node: dist/core.js when the page has been built,
// otherwise build/wasm/core.js; builds it first (quietly, to stderr) when neither exists.
// Used by tools/alab.mjs, the wasm tests and the benchmarks.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
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

export async function loadEngine() {
  let p = coreModulePath();
  if (!p) {
    const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs'), '--wasm-only'], {
      stdio: ['ignore', process.stderr, process.stderr],
    });
    if (r.status !== 0) throw new Error('the WASM core is not built and building it failed; run npm run build');
    p = coreModulePath();
  }
  return createEngine(require(p));
}
