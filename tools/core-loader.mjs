// Loads the WASM core in node: the newer of dist/core.js (the shipped copy) and
// build/wasm/core.js (what the build just made; dist/ gets a byte-identical copy); builds
// it first (quietly, to stderr) when neither exists.
// Used by tools/alab.mjs, the wasm tests and the benchmarks.
import { createRequire } from 'node:module';
import { existsSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEngine } from '../web/src/engine.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);

export function coreModulePath() {
  if (process.env.ALAB_CORE) return path.resolve(process.env.ALAB_CORE);
  const found = [path.join(root, 'dist/core.js'), path.join(root, 'build/wasm/core.js')].filter((p) => existsSync(p));
  found.sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
  return found[0] ?? null;
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
