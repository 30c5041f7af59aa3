#!/usr/bin/env node
// Assembles engine/, the npm package's ES module (package.json "exports" ".") from files
// that already exist, by copying, so the installed files read like their sources:
//   engine/index.mjs   web/package/index.mjs   the entry: createEngine() on the built-in core
//   engine/index.d.ts  web/package/index.d.ts  its TypeScript declarations (hand-written)
//   engine/engine.mjs  web/src/engine.js       the engine the page uses, unchanged
//   engine/core.mjs    build/wasm/core.mjs     the core as an ES module (scripts/pack-core.mjs)
// Files whose content did not change are not rewritten. scripts/build.mjs runs it after the
// page; `npm pack` runs the whole build first (prepack).
//
//   node scripts/build-engine.mjs [--core build/wasm/core.mjs] [--out engine]

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function writeIfChanged(file, bytes) {
  try {
    if ((await readFile(file)).equals(bytes)) return;
  } catch {}
  await writeFile(file, bytes);
}

/** Writes the engine folder; options: root, outDir (default engine), core (default build/wasm/core.mjs). */
export async function buildEngine(options = {}) {
  const root = options.root ?? ROOT;
  const outDir = path.resolve(root, options.outDir ?? 'engine');
  const core = path.resolve(root, options.core ?? 'build/wasm/core.mjs');
  const sources = {
    'index.mjs': path.join(root, 'web/package/index.mjs'),
    'index.d.ts': path.join(root, 'web/package/index.d.ts'),
    'engine.mjs': path.join(root, 'web/src/engine.js'),
    'core.mjs': core,
  };
  await mkdir(outDir, { recursive: true });
  for (const [name, from] of Object.entries(sources)) {
    let bytes;
    try {
      bytes = await readFile(from);
    } catch {
      throw new Error(`${path.relative(root, from)} is missing${name === 'core.mjs' ? ': build the WASM module first (node scripts/build.mjs)' : ''}`);
    }
    await writeIfChanged(path.join(outDir, name), bytes);
  }
  return { outDir };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opts = {};
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--core' && i + 1 < args.length) opts.core = args[++i];
    else if (args[i] === '--out' && i + 1 < args.length) opts.outDir = args[++i];
    else {
      console.error(`build-engine: unknown argument ${args[i]}`);
      process.exit(2);
    }
  }
  try {
    const { outDir } = await buildEngine(opts);
    console.log(`build-engine: ${path.relative(process.cwd(), outDir) || '.'}/ written`);
  } catch (e) {
    console.error(`build-engine: ${e.message}`);
    process.exit(1);
  }
}
