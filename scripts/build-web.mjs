#!/usr/bin/env node
// Builds the static page into dist/: esbuild bundles web/src/main.js (with Chart.js from
// npm) into ONE classic IIFE script dist/app.js (UTF-8 with a byte order mark, so it decodes
// right in a host page of any encoding), minifies style.css, and copies the HTML and the WASM
// module build/wasm/core.js (which carries its binary) next to them. The result needs no
// server features: it works on any static host, from file:// and under a strict CSP.
// Files whose content did not change are not rewritten. It prints the page's gzip weight
// against its budget (scripts/page-size.mjs). It does not build the WASM module
// (scripts/build.mjs does, then calls this).
//
//   node scripts/build-web.mjs [--core path/to/core.js] [--out dir] [--engine fake-engine.js]
// --engine replaces web/src/engine.js in the bundle (tests and development only).

import { build, transform } from 'esbuild';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describePageSize, pageSize } from './page-size.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const HTML_FILES = ['index.html', 'embed.html'];

// Writes `content` to `file` unless the file already holds exactly that (so a rebuild that
// changes nothing leaves dist/ untouched for anyone reading it meanwhile).
async function writeIfChanged(file, content) {
  const bytes = Buffer.from(content);
  try {
    if ((await readFile(file)).equals(bytes)) return;
  } catch {}
  await writeFile(file, bytes);
}

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
 * Builds dist/. Options: root (project root), outDir, core (path of the packed core.js),
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
  const minify = options.minify ?? true;
  const result = await build({
    entryPoints: [path.join(web, 'src', 'main.js')],
    bundle: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    minify,
    charset: 'utf8',
    sourcemap: false,
    legalComments: 'eof',
    write: false,
    outfile: path.join(outDir, 'app.js'),
    logLevel: 'silent',
    plugins: options.engine ? [replaceEngine(options.engine)] : [],
  });
  for (const w of result.warnings) console.warn(`build-web: ${w.text}`);
  await writeIfChanged(path.join(outDir, 'app.js'), `\ufeff${result.outputFiles[0].text}`);
  const css = await readFile(path.join(web, 'style.css'), 'utf8');
  await writeIfChanged(path.join(outDir, 'style.css'), minify ? (await transform(css, { loader: 'css', minify: true })).code : css);
  for (const f of HTML_FILES) await writeIfChanged(path.join(outDir, f), await readFile(path.join(web, f)));
  await writeIfChanged(path.join(outDir, 'core.js'), await readFile(core));
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
    console.log(`build-web: ${describePageSize(pageSize(outDir), `${path.relative(process.cwd(), outDir) || '.'}/`)}`);
  } catch (e) {
    console.error(`build-web: ${e.message}`);
    process.exit(1);
  }
}
