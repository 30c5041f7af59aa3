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
// glue's local names long. Output is deterministic.
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
    const binary = readFileSync(glueFile.replace(/\.js$/, '.wasm'));
    const { classic, esm } = await packCore(glue, binary, readFileSync(decoderFile));
    writeFileSync(path.join(outDir, 'core.js'), classic);
    writeFileSync(path.join(outDir, 'core.mjs'), esm);
  } catch (e) {
    console.error(`pack-core: ${e.message}`);
    process.exit(1);
  }
}
