// build: the WASM core (CMake preset "wasm", into build/wasm/core.js and core.mjs), then the
// page (scripts/build-web.mjs, into dist/) and the npm package's engine module
// (scripts/build-engine.mjs, into engine/). `--wasm-only` stops after the core.
import os from 'node:os';
import path from 'node:path';
import { ensureNodeModules, ensureSystem, root, run } from './bootstrap.mjs';

export const jobs = String(typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);

/** Configures and builds one preset of CMakePresets.json ("native" or "wasm", into build/<name>). */
export function buildPreset(name) {
  if (run('cmake', ['--preset', name], { stdio: ['ignore', 'ignore', 'inherit'] }) !== 0)
    throw new Error(`configuring the ${name} build (cmake --preset ${name}) failed`);
  if (run('cmake', ['--build', '--preset', name, '--parallel', jobs], { stdio: ['ignore', process.stderr, 'inherit'] }) !== 0)
    throw new Error(`building the ${name} preset (cmake --build --preset ${name}) failed`);
}

export function buildWasm() {
  ensureSystem(['emscripten', 'cmake', 'xz', 'boost']);
  ensureNodeModules();   // the last step of the WASM build (scripts/pack-core.mjs) uses esbuild
  buildPreset('wasm');
}

export async function buildAll({ wasmOnly = false } = {}) {
  buildWasm();
  if (wasmOnly) return;
  if (run(process.execPath, [path.join(root, 'scripts/build-web.mjs')]) !== 0) throw new Error('building the page failed');
  if (run(process.execPath, [path.join(root, 'scripts/build-engine.mjs')]) !== 0) throw new Error('building the engine module failed');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await buildAll({ wasmOnly: process.argv.includes('--wasm-only') });
  } catch (e) {
    console.error(`build: ${e.message}`);
    process.exit(1);
  }
}
