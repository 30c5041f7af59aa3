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

// ---- panels as chunks (web/src/kit/chunks.js)
// Each web/src/panels/<id>/index.js, reached from panels/index.js by a dynamic import(), is
// the entry of a chunk dist/panel-<id>.js: an IIFE like app.js holding the modules only that
// panel uses. Modules app.js needs anyway (reached from main.js without entering a panel) and
// modules two chunks would both carry stay in app.js, once; a chunk imports them from app.js's
// registry (shareModules), so each module has one instance on the page.
// A panel's own words, web/src/panels/<id>/text.js (imported by i18n.js, which merges them),
// go to its chunk too: in app.js that import gives empty tables, and the chunk hands the
// words to i18n.js's addStrings before the panel is mounted.
// Likewise the entries of i18n.js's STRINGS that only one panel's own modules may name (a key
// quoted whole or by a start, as in `rg.view.${v}`): they are cut from app.js's i18n.js and
// carried by that chunk. A key any other module may name (app.js's modules, another panel's,
// i18n.js's own functions) stays in app.js, so a key is there before code that can ask for it.

const PANEL_ENTRY = /^web\/src\/panels\/([\w-]+)\/index\.js$/;
const PANEL_TEXT = /^web\/src\/panels\/([\w-]+)\/text\.js$/;
const chunkName = (id) => `panel-${id}`;

// The module graph of the page: {path: [{path, dynamic}]}, paths relative to root. A panel's
// text module counts as loaded later, like a dynamic import.
async function moduleGraph(root, common) {
  const r = await build({ ...common, write: false, metafile: true, absWorkingDir: root, logLevel: 'silent' });
  const graph = {};
  for (const [file, input] of Object.entries(r.metafile.inputs)) {
    graph[file] = input.imports.filter((i) => !i.external)
      .map((i) => ({ path: i.path, dynamic: i.kind === 'dynamic-import' || PANEL_TEXT.test(i.path) }));
  }
  return graph;
}

// Which modules go where: {shared: Set (in app.js), chunks: Map id -> Set (own modules),
// entries: Map id -> entry, texts: Map id -> text module}.
function splitGraph(graph, mainEntry) {
  const entries = new Map();
  const texts = new Map();
  for (const imports of Object.values(graph)) {
    for (const i of imports) {
      const m = PANEL_ENTRY.exec(i.path);
      if (i.dynamic && m) entries.set(m[1], i.path);
      const w = PANEL_TEXT.exec(i.path);
      if (w) texts.set(w[1], i.path);
    }
  }
  for (const [id, file] of texts) if (!entries.has(id)) throw new Error(`${file}: no panel ${id} to carry it`);
  const reach = (from, stop) => {
    const seen = new Set();
    const todo = [from];
    while (todo.length) {
      const f = todo.pop();
      if (seen.has(f) || stop.has(f)) continue;
      seen.add(f);
      for (const i of graph[f] ?? []) if (!i.dynamic) todo.push(i.path);
    }
    return seen;
  };
  const shared = reach(mainEntry, new Set());
  for (;;) {
    const owners = new Map();
    const chunks = new Map();
    for (const [id, entry] of entries) {
      const own = reach(entry, shared);
      if (texts.has(id)) for (const f of reach(texts.get(id), shared)) own.add(f);
      chunks.set(id, own);
      for (const f of own) owners.set(f, (owners.get(f) ?? 0) + 1);
    }
    const common = [...owners].filter(([f, n]) => n > 1 && !PANEL_ENTRY.test(f)).map(([f]) => f);
    if (!common.length) return { shared, chunks, entries, texts };
    for (const f of common) for (const g of reach(f, shared)) shared.add(g);
  }
}

const I18N = 'web/src/i18n.js';
// An entry of the STRINGS tables: 'key': 'text' (any of the three quotes), with its comma.
const ENTRY = /'([\w.]+)':\s*('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`]*`)\s*,?/g;

// {strings: [start, end) of the STRINGS literal in i18n.js's text, entries: [{lang, key, text, start, end}]}.
function stringEntries(source) {
  const start = source.indexOf('\nexport const STRINGS = {');
  const end = source.indexOf('\n};', start);
  if (start < 0 || end < 0) throw new Error(`${I18N}: no STRINGS table`);
  const entries = [];
  let lang = null;
  const lines = source.slice(start, end).split('\n');
  let at = start;
  for (const line of lines) {
    const head = /^ {2}(\w+): \{$/.exec(line);
    if (head) lang = head[1];
    else if (lang && !/^\s*\/\//.test(line)) {
      for (const m of line.matchAll(ENTRY)) {
        entries.push({ lang, key: m[1], text: m[2], start: at + m.index, end: at + m.index + m[0].length });
      }
    }
    at += line.length + 1;
  }
  return { strings: [start, end], entries };
}

// Map key -> panel id for the keys only one panel's own modules may name. A module may name
// every key that starts with a string it quotes ('rg.title', `pg.ds.${d}` quotes "pg.ds.").
async function keyOwners(root, source, entries, shared, chunks) {
  const { strings } = stringEntries(source);
  const owner = new Map();
  for (const f of shared) owner.set(f, null);
  for (const [id, own] of chunks) for (const f of own) owner.set(f, id);
  const named = [];   // [quoted start, owner]
  for (const [f, id] of owner) {
    if (!f.startsWith('web/src/') || PANEL_TEXT.test(f)) continue;
    const text = f === I18N ? source.slice(0, strings[0]) + source.slice(strings[1]) : await readFile(path.join(root, f), 'utf8');
    for (const m of text.matchAll(/['"`]([A-Za-z]\w*\.[\w.]*)/g)) named.push([m[1], id]);
  }
  const owners = new Map();
  for (const { key } of entries) {
    const ids = new Set(named.filter(([q]) => key.startsWith(q)).map(([, id]) => id));
    if (ids.size === 1 && !ids.has(null)) owners.set(key, [...ids][0]);
  }
  return owners;
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
  const common = {
    bundle: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    minify,
    charset: 'utf8',
    sourcemap: false,
    legalComments: 'eof',
    write: false,
    logLevel: 'silent',
    absWorkingDir: root,
  };
  const enginePlugins = options.engine ? [replaceEngine(options.engine)] : [];
  const mainEntry = 'web/src/main.js';
  const graph = await moduleGraph(root, { ...common, entryPoints: [mainEntry], outfile: path.join(outDir, 'app.js'), plugins: enginePlugins });
  const { shared, chunks, entries, texts } = splitGraph(graph, mainEntry);
  const i18nSource = await readFile(path.join(root, I18N), 'utf8');
  const { entries: stringsList } = stringEntries(i18nSource);
  const owned = await keyOwners(root, i18nSource, stringsList, shared, chunks);
  const cut = stringsList.filter((e) => owned.has(e.key));
  let appI18n = '';
  let from = 0;
  for (const e of cut) {
    appI18n += i18nSource.slice(from, e.start);
    from = e.end;
  }
  appI18n += i18nSource.slice(from);
  // chunk id -> source of a module with its cut words: export const WORDS = { en: {...}, zh: {...} }
  const chunkWords = new Map();
  for (const id of new Set(owned.values())) {
    const mine = cut.filter((e) => owned.get(e.key) === id);
    const langs = [...new Set(mine.map((e) => e.lang))];
    chunkWords.set(id, `export const WORDS = {${langs.map((l) => `${l}: {${mine.filter((e) => e.lang === l)
      .map((e) => `${JSON.stringify(e.key)}: ${e.text}`).join(', ')}}`).join(', ')}};\n`);
  }
  // The shared modules a chunk imports: app.js publishes these.
  const published = new Set(['web/src/kit/chunks.js', ...(texts.size || chunkWords.size ? [I18N] : [])]);
  for (const own of chunks.values()) {
    for (const f of own) for (const i of graph[f] ?? []) if (!i.dynamic && shared.has(i.path)) published.add(i.path);
  }
  const abs = (f) => path.join(root, f);
  const rel = (f) => path.relative(root, f).split(path.sep).join('/');
  const chunksModule = abs('web/src/kit/chunks.js');
  // main.js with the registry's publication in front (import declarations are hoisted).
  const publish = [...published].sort().map((f, k) => `import * as alabShared${k} from ${JSON.stringify(abs(f))};`).join('\n')
    + `\nimport { shareModules as alabShareModules } from ${JSON.stringify(chunksModule)};\n`
    + `alabShareModules({${[...published].sort().map((f, k) => `${JSON.stringify(f)}: alabShared${k}`).join(', ')}});\n`;
  // app.js: a panel's dynamic import gives the name of its chunk instead of the panel.
  const lazyPanels = {
    name: 'lazy-panels',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (a) => {
        if (a.kind !== 'dynamic-import') return undefined;
        const m = PANEL_ENTRY.exec(rel(path.resolve(a.resolveDir, a.path)));
        return m ? { path: m[1], namespace: 'chunk-name' } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'chunk-name' }, (a) => ({ contents: `export const __chunk = ${JSON.stringify(chunkName(a.path))};`, loader: 'js' }));
      // A panel's words: the same names, empty tables.
      b.onLoad({ filter: /[\\/]text\.js$/ }, async (a) => {
        if (!PANEL_TEXT.test(rel(a.path))) return undefined;
        const names = [...(await readFile(a.path, 'utf8')).matchAll(/^export const (\w+)/gm)].map((m) => m[1]);
        return { contents: names.map((n) => `export const ${n} = {};`).join('\n'), loader: 'js' };
      });
      b.onLoad({ filter: /[\\/]web[\\/]src[\\/]i18n\.js$/ }, (a) => (
        a.path === abs(I18N) ? { contents: appI18n, loader: 'js', resolveDir: path.dirname(a.path) } : undefined));
      b.onLoad({ filter: /[\\/]web[\\/]src[\\/]main\.js$/ }, async (a) => (
        a.path === abs(mainEntry) ? { contents: publish + await readFile(a.path, 'utf8'), loader: 'js', resolveDir: path.dirname(a.path) } : undefined));
    },
  };
  const result = await build({
    ...common,
    entryPoints: [mainEntry],
    outfile: path.join(outDir, 'app.js'),
    plugins: [...enginePlugins, lazyPanels],
  });
  for (const w of result.warnings) console.warn(`build-web: ${w.text}`);
  await writeIfChanged(path.join(outDir, 'app.js'), `\ufeff${result.outputFiles[0].text}`);
  // The chunks: their own modules, the rest from app.js's registry.
  const fromApp = {
    name: 'from-app',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (a) => {
        if (a.kind === 'entry-point' || !a.resolveDir) return undefined;
        if (!a.path.startsWith('.') && !a.path.startsWith('/')) return undefined;
        const f = rel(path.resolve(a.resolveDir, a.path));
        return shared.has(f) ? { path: f, namespace: 'from-app' } : undefined;
      });
      b.onLoad({ filter: /.*/, namespace: 'from-app' }, (a) => {
        if (!published.has(a.path)) throw new Error(`${a.path} is not published by app.js`);
        return { contents: `module.exports = globalThis.__activationLab.shared[${JSON.stringify(a.path)}];`, loader: 'js' };
      });
    },
  };
  const chunkFiles = [];
  for (const [id, entry] of [...entries].sort()) {
    const name = chunkName(id);
    let words = '';
    if (texts.has(id) || chunkWords.has(id)) {
      words = `import { addStrings } from ${JSON.stringify(abs(I18N))};\n`;
      if (texts.has(id)) words += `import * as text from ${JSON.stringify(abs(texts.get(id)))};\nfor (const tables of Object.values(text)) addStrings(tables);\n`;
      if (chunkWords.has(id)) words += `${chunkWords.get(id).replace('export const WORDS', 'const WORDS')}addStrings(WORDS);\n`;
    }
    const r = await build({
      ...common,
      stdin: {
        contents: `${words}import * as panel from ${JSON.stringify(abs(entry))};\nimport { defineChunk } from ${JSON.stringify(chunksModule)};\n`
          + `defineChunk(${JSON.stringify(name)}, panel);\n`,
        resolveDir: abs('web/src'), sourcefile: `${name}-entry.js`, loader: 'js',
      },
      outfile: path.join(outDir, `${name}.js`),
      plugins: [...enginePlugins, fromApp],
    });
    for (const w of r.warnings) console.warn(`build-web: ${w.text}`);
    await writeIfChanged(path.join(outDir, `${name}.js`), `\ufeff${r.outputFiles[0].text}`);
    chunkFiles.push(`${name}.js`);
  }
  const css = remLengths(await readFile(path.join(web, 'style.css'), 'utf8'));
  await writeIfChanged(path.join(outDir, 'style.css'), minify ? (await transform(css, { loader: 'css', minify: true })).code : css);
  for (const f of HTML_FILES) await writeIfChanged(path.join(outDir, f), await readFile(path.join(web, f)));
  await writeIfChanged(path.join(outDir, 'core.js'), await readFile(core));
  return { outDir };
}

// Inside <activation-lab>'s shadow root a rem is the HOST page's root font size: 10 px on a
// page with html { font-size: 62.5% }, which shrank the element's text and spacing. So every
// length in rem is shipped as a multiple of --rem: style.css sets it to 1rem on the page and to
// the element frame's own 16 px there. Media and container queries cannot use var(): they are
// in px, and a rem in one stops the build. (--rem's own 1rem stays as it is.)
export function remLengths(css) {
  const query = css.match(/@(media|container)[^{]*\d(\.\d+)?rem/);
  if (query) throw new Error(`build-web: style.css has a rem length in a query (${query[0].trim()}); write it in px`);
  return css.replace(/(?<!--rem:\s*)(^|[\s:(,/*+])(-?\d*\.?\d+)rem\b/g, '$1calc($2 * var(--rem))');
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
