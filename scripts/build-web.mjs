#!/usr/bin/env node
// Builds the static page into dist/: esbuild bundles web/src/main.js (with Chart.js and
// KaTeX from npm) into ONE classic IIFE script dist/app.js, and the HTML, CSS and the
// SINGLE_FILE WASM module build/wasm/core.js are copied next to it. The result needs no
// server features: it works on any static host, from file:// and under a strict CSP.
// It does not build the WASM module (scripts/build.mjs does, then calls this).
//
//   node scripts/build-web.mjs [--core path/to/core.js] [--out dir] [--engine fake-engine.js]
// --engine replaces web/src/engine.js in the bundle (tests and development only).

import { build } from 'esbuild';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STATIC_FILES = ['index.html', 'embed.html', 'style.css'];

async function exists(p) {
  try {
    return (await stat(p)).isFile();
  } catch {
    return false;
  }
}

// esbuild plugin: resolve any import of ./engine.js to another file.
function replaceEngine(file) {
  return {
    name: 'replace-engine',
    setup(b) {
      b.onResolve({ filter: /(^|\/)engine\.js$/ }, () => ({ path: path.resolve(file) }));
    },
  };
}

/**
 * Builds dist/. Options: root (project root), outDir, core (path of the SINGLE_FILE core.js),
 * engine (optional replacement for web/src/engine.js), minify (default true).
 * Throws an Error with a readable message when an input is missing.
 */
export async function buildWeb(options = {}) {
  const root = options.root ?? ROOT;
  const outDir = path.resolve(root, options.outDir ?? 'dist');
  const core = path.resolve(root, options.core ?? 'build/wasm/core.js');
  const web = path.join(root, 'web');
  if (!(await exists(core))) {
    throw new Error(`${path.relative(root, core) || core} is missing: build the WASM module first (node scripts/build.mjs).`);
  }
  if (!options.engine && !(await exists(path.join(web, 'src', 'engine.js')))) {
    throw new Error('web/src/engine.js is missing.');
  }
  await mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints: [path.join(web, 'src', 'main.js')],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    minify: options.minify ?? true,
    sourcemap: false,
    legalComments: 'eof',
    outfile: path.join(outDir, 'app.js'),
    logLevel: 'silent',
    plugins: options.engine ? [replaceEngine(options.engine)] : [],
  });
  for (const w of result.warnings) console.warn(`build-web: ${w.text}`);
  for (const f of STATIC_FILES) await copyFile(path.join(web, f), path.join(outDir, f));
  await copyFile(core, path.join(outDir, 'core.js'));
  return { outDir };
}

function parseArgs(argv) {
  const opts = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--core') opts.core = next();
    else if (a === '--out') opts.outDir = next();
    else if (a === '--engine') opts.engine = next();
    else if (a === '--no-minify') opts.minify = false;
    else throw new Error(`unknown argument ${a}`);
  }
  return opts;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const t0 = Date.now();
    const { outDir } = await buildWeb(parseArgs(process.argv.slice(2)));
    console.log(`build-web: ${path.relative(process.cwd(), outDir) || '.'}/ written in ${Date.now() - t0} ms`);
  } catch (e) {
    console.error(`build-web: ${e.message}`);
    process.exit(1);
  }
}
