#!/usr/bin/env node
// pack-core: the last step of the WASM build (CMakeLists.txt runs it). Emscripten links
// core_glue.js + core_glue.wasm; this writes the two files everything else loads, each
// carrying the binary inside, so nothing is fetched at run time:
//   core.js   classic script defining createCoreModule (a global in a page, module.exports
//             under node's require): the page, tools/ and the tests load this one
//   core.mjs  the same as an ES module (export default): the npm package's engine
// The binary is stored LZMA-compressed (`xz --format=lzma`) in base64 and decoded on first
// use by a small WebAssembly decoder (cpp/bindings/lzma_decoder.cpp, carried in base64 too,
// run by cpp/bindings/lzma_decode.js). Emscripten's SINGLE_FILE stores it as plain
// base64, which gzip only brings to about 1.4x the gzipped binary; base64 of LZMA stays
// at the LZMA size, about 0.75x the gzipped binary. The JavaScript is minified with
// esbuild (the project's dev dependency): Emscripten 3.1.6 without Closure leaves the
// glue's local names long. The binary gets V8's compilation hints first (below; the
// linker's symbol map core_glue.js.symbols names its functions). Output is deterministic.
//
//   node scripts/pack-core.mjs <core_glue.js> <output dir> <lzma_decoder.wasm>

import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Emscripten 3.1.6's MODULARIZE trailer: it exports the factory to CommonJS or AMD. It is
// moved after the wrapper (core.js) or replaced by an ES export (core.mjs).
const UMD_TRAILER = `if (typeof exports === 'object' && typeof module === 'object')
  module.exports = createCoreModule;
else if (typeof define === 'function' && define['amd'])
  define([], function() { return createCoreModule; });
else if (typeof exports === 'object')
  exports["createCoreModule"] = createCoreModule;`;

/** A source file of cpp/bindings as code to inline: the same text without `export`. */
function inline(file) {
  return readFileSync(path.join(ROOT, 'cpp/bindings', file), 'utf8').replace(/^export (?=(async )?function )/gm, '');
}

async function minify(code, format) {
  let esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    throw new Error('esbuild is missing: run `npm ci` first (it minifies the glue)');
  }
  const r = await esbuild.transform(code, { minify: true, format, target: 'es2020', legalComments: 'none', charset: 'ascii' });
  return r.code;
}

/**
 * LZMA ("alone" format) of `bytes` with xz: preset 9e, a dictionary larger than the module,
 * no position bits (pb=0: WebAssembly code has no 2- or 4-byte alignment to exploit).
 */
export function compress(bytes) {
  return execFileSync('xz', ['--format=lzma', '--lzma1=preset=9e,dict=8MiB,lc=3,lp=0,pb=0', '--threads=1', '--stdout'], {
    input: bytes, maxBuffer: 1 << 28,
  });
}

// V8's compilation hints: a custom section "compilationHints" with one byte per function
// defined in the module (strategy in bits 0-1, baseline tier in 2-3, top tier in 4-5). Node
// 20's V8 reads it when the flag --experimental-wasm-compilation-hints is set, which
// tools/alab.mjs does for a 2-D regions request only; other engines and runs ignore it (an
// unknown custom section), so the page loads the same module as before. Marked here: the
// functions a large 2-D regions answer spends its time in. V8 otherwise compiles a function
// with its optimising compiler only after it has run hot for a while, and a call keeps the
// code it started with; marked, each is compiled optimised in the background from the
// moment the module is compiled ("lazy baseline, eager top tier"), so the cell splitter's
// later calls and the answer's writer (called once, after the partition) run optimised code
// in the tool's fresh process. The functions are found by name in the linker's symbol map.
const HOT_FUNCTIONS = [/::Splitter2D::split_frame\(/, /::Splitter2D::advance\(/, /::Splitter2D::emit\(/, /::to_decimal\(/, /::write_2d\(/];
const HINT_LAZY_BASELINE_EAGER_TOP_TIER = 3 | (0 << 2) | (2 << 4);

const leb128 = (v) => {
  const out = [];
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v) byte |= 0x80;
    out.push(byte);
  } while (v);
  return out;
};

/**
 * The binary with a compilationHints section before its code section, marking the functions
 * HOT_FUNCTIONS names in `symbols` (the linker's map: one "index:name" a line, the name with
 * \xx escapes; the index counts imported functions first). Refuses a map that names none of
 * them, so a renamed function cannot silently lose its hint.
 */
export function withCompilationHints(binary, symbols) {
  const names = new Map();
  for (const line of symbols.split('\n')) {
    const at = line.indexOf(':');
    if (at > 0) names.set(Number(line.slice(0, at)), line.slice(at + 1).replace(/\\([0-9a-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))));
  }
  let p = 8, imported = 0, defined = -1, codeAt = -1;
  const u32 = () => {
    let v = 0, shift = 0, byte;
    do {
      byte = binary[p++];
      v |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return v >>> 0;
  };
  while (p < binary.length && codeAt < 0) {
    const start = p, id = binary[p++], end = u32() + p;
    if (id === 2) {   // imports: module, field, kind and its description
      for (let n = u32(); n > 0; --n) {
        for (let k = 0; k < 2; ++k) { const len = u32(); p += len; }
        const kind = binary[p++];
        if (kind === 0) { u32(); ++imported; }                               // function: type index
        else if (kind === 1 || kind === 2) { if (kind === 1) ++p; if (binary[p++] & 1) u32(); u32(); }   // table, memory: limits
        else if (kind === 3) p += 2;                                          // global: type, mutability
        else if (kind === 4) { ++p; u32(); }                                  // tag
        else throw new Error(`compilation hints: unknown import kind ${kind}`);
      }
    } else if (id === 3) {
      defined = u32();
    } else if (id === 10) {
      codeAt = start;
    }
    p = end;
  }
  if (defined < 0 || codeAt < 0) throw new Error('compilation hints: the binary has no function or code section');
  const hints = new Uint8Array(defined);
  for (const pattern of HOT_FUNCTIONS) {
    const found = [...names].filter(([index, name]) => index >= imported && pattern.test(name));
    if (found.length !== 1) throw new Error(`compilation hints: ${found.length} functions match ${pattern} in the symbol map`);
    hints[found[0][0] - imported] = HINT_LAZY_BASELINE_EAGER_TOP_TIER;
  }
  const name = [...Buffer.from('compilationHints')];
  const body = [...leb128(name.length), ...name, ...leb128(defined), ...hints];
  const section = Uint8Array.from([0, ...leb128(body.length), ...body]);
  const out = new Uint8Array(binary.length + section.length);
  out.set(binary.subarray(0, codeAt));
  out.set(section, codeAt);
  out.set(binary.subarray(codeAt), codeAt + section.length);
  return out;
}

/** {classic, esm}: the texts of core.js and core.mjs for a glue script, its binary and the decoder. */
export async function packCore(glue, binary, decoder) {
  const at = glue.lastIndexOf(UMD_TRAILER);
  if (at < 0) throw new Error('the glue does not end with the expected MODULARIZE trailer (another Emscripten version?)');
  const body = glue.slice(0, at) + glue.slice(at + UMD_TRAILER.length);
  const packed = compress(binary).toString('base64');
  // The glue defines its own `var createCoreModule` inside the function; the outer name is
  // the wrapped factory. Nothing else leaks into the page's global scope.
  const factory = (param) => `(function (${param}) {
${body.trim()}
${inline('lzma_decode.js')}
${inline('embedded_module.js')}
return withEmbeddedModule(createCoreModule, "${packed}", ${binary.length}, "${Buffer.from(decoder).toString('base64')}");
})()`;
  const head = '// Activation Lab core: Emscripten glue with its WebAssembly module (LZMA, base64), built by scripts/pack-core.mjs.\n';
  const classic = await minify(`var createCoreModule = ${factory('')};\n${UMD_TRAILER}\n`);
  // The ES module runs the glue without a `process` in scope: the glue then does not take
  // its node branch, which needs CommonJS (require, __dirname) and installs process-wide
  // uncaughtException / unhandledRejection handlers. With the binary handed in, it needs
  // nothing from the host, so node, Deno and browsers run the same code.
  const esm = await minify(`const createCoreModule = ${factory('process')};\nexport default createCoreModule;\n`, 'esm');
  return { classic: head + classic, esm: head + esm };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [glueFile, outDir, decoderFile] = process.argv.slice(2);
  if (!glueFile || !outDir || !decoderFile) {
    console.error('usage: node scripts/pack-core.mjs <core_glue.js> <output dir> <lzma_decoder.wasm>');
    process.exit(2);
  }
  try {
    const glue = readFileSync(glueFile, 'utf8');
    const binary = withCompilationHints(readFileSync(glueFile.replace(/\.js$/, '.wasm')), readFileSync(`${glueFile}.symbols`, 'utf8'));
    const { classic, esm } = await packCore(glue, binary, readFileSync(decoderFile));
    writeFileSync(path.join(outDir, 'core.js'), classic);
    writeFileSync(path.join(outDir, 'core.mjs'), esm);
  } catch (e) {
    console.error(`pack-core: ${e.message}`);
    process.exit(1);
  }
}
