// build: the WASM core (emcmake + cmake, into build/wasm/core.js), then the page
// (scripts/build-web.mjs, into dist/). `--wasm-only` stops after the core.
import path from 'node:path';
import { ensureNodeModules, ensureSystem, root, run } from './bootstrap.mjs';

export function buildWasm() {
  ensureSystem(['emscripten', 'cmake']);
  const env = { ...process.env };
  // Debian's emscripten needs acorn from Debian's node modules for optimized links.
  if (!env.NODE_PATH) env.NODE_PATH = '/usr/share/nodejs';
  const dir = path.join(root, 'build/wasm');
  if (run('emcmake', ['cmake', '-S', root, '-B', dir, '-DCMAKE_BUILD_TYPE=Release'], { env, stdio: ['ignore', 'ignore', 'inherit'] }) !== 0)
    throw new Error('configuring the WASM build failed');
  if (run('cmake', ['--build', dir, '-j2'], { env, stdio: ['ignore', process.stderr, 'inherit'] }) !== 0)
    throw new Error('building the WASM core failed');
}

export async function buildAll({ wasmOnly = false } = {}) {
  buildWasm();
  if (wasmOnly) return;
  ensureNodeModules();
  if (run(process.execPath, [path.join(root, 'scripts/build-web.mjs')]) !== 0) throw new Error('building the page failed');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await buildAll({ wasmOnly: process.argv.includes('--wasm-only') });
  } catch (e) {
    console.error(`build: ${e.message}`);
    process.exit(1);
  }
}
