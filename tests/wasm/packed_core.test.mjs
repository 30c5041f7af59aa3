// The packed core (scripts/pack-core.mjs): the LZMA decoder (lzma_decoder.wasm, built beside
// core.js) reproduces what xz compressed, byte for byte, and refuses damaged input; core.js
// and core.mjs carry the same binary and load by themselves (no file is read, nothing is
// fetched); the ES module leaves node's process handlers alone.

import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { lzmaDecode } from '../../cpp/bindings/lzma_decode.js';
import { compress } from '../../scripts/pack-core.mjs';
import { coreModulePath } from '../../tools/core-loader.mjs';

// Deterministic bytes (xorshift32), so a failure reproduces.
function noise(n, seed) {
  const out = new Uint8Array(n);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < n; ++i) {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    out[i] = s & 0xff;
  }
  return out;
}

function firstDifference(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; ++i) if (a[i] !== b[i]) return i;
  return a.length === b.length ? -1 : n;
}

const samples = {
  'empty': new Uint8Array(0),
  'one byte': Uint8Array.of(42),
  'every byte value': Uint8Array.from({ length: 256 }, (_, i) => i),
  'incompressible 200 KB': noise(200_000, 7),
  'one byte repeated 300 KB (long matches)': new Uint8Array(300_000).fill(0xab),
  // Short phrases recurring at a few distances exercise the repeated-distance codes.
  'phrases at repeating distances': Uint8Array.from({ length: 120_000 }, (_, i) => [3, 1, 4, 1, 5][i % 5] + ((i >> 7) % 3) * (i % 11 === 0 ? 9 : 0)),
  'text': new TextEncoder().encode('activation functions bend the line; '.repeat(2000) + 'ReLU, GELU, SiLU'),
};

const classicPath = coreModulePath();
const esmPath = classicPath && classicPath.replace(/\.js$/, '.mjs');
const decoder = readFileSync(path.join(path.dirname(classicPath), 'lzma_decoder.wasm'));

for (const [name, bytes] of Object.entries(samples)) {
  test(`lzma: ${name} decodes to the bytes xz compressed`, async () => {
    const packed = compress(bytes);
    const out = await lzmaDecode(decoder, packed, bytes.length);
    assert.equal(out.length, bytes.length);
    assert.equal(firstDifference(out, bytes), -1, `first difference at byte ${firstDifference(out, bytes)}`);
  });
}

test('lzma: damaged input is refused, not decoded into something else', async () => {
  const bytes = noise(50_000, 3);
  const packed = compress(bytes);
  await assert.rejects(lzmaDecode(decoder, packed.subarray(0, packed.length >> 1), bytes.length), /lzma: truncated input/);
  const bad = Uint8Array.from(packed);
  bad[0] = 250;   // properties byte beyond 9 * 5 * 5
  await assert.rejects(lzmaDecode(decoder, bad, bytes.length), /lzma: bad header/);
  const flipped = Uint8Array.from(packed);
  flipped[13] = 1;   // the range coder's first byte must be 0
  await assert.rejects(lzmaDecode(decoder, flipped, bytes.length), /lzma: bad range coder start/);
  // More output expected than the stream holds: it runs out of input or ends early.
  await assert.rejects(lzmaDecode(decoder, packed, bytes.length + 100), /lzma: (truncated input|output of another length)/);
});

test('core.js and core.mjs carry the same module, and neither reads a file or fetches', async () => {
  const classic = createRequire(import.meta.url)(classicPath);
  const savedFetch = globalThis.fetch;
  globalThis.fetch = () => { throw new Error('the core fetched something'); };
  try {
    // (The classic script runs Emscripten's node branch, which adds process handlers.)
    const a = await classic();
    const before = ['uncaughtException', 'unhandledRejection'].map((e) => process.listenerCount(e));
    const { default: esm } = await import(pathToFileURL(esmPath).href);
    const b = await esm();
    assert.deepEqual(['uncaughtException', 'unhandledRejection'].map((e) => process.listenerCount(e)), before, 'the ES module added a process handler');
    const x = Float64Array.from([-2, -0.5, 0, 0.5, 2]);
    const ya = a.evaluate('gelu', {}, x), yb = b.evaluate('gelu', {}, x);
    assert.deepEqual(Array.from(ya.y), Array.from(yb.y));
    assert.deepEqual(a.activationCatalogue().map((e) => e.name), b.activationCatalogue().map((e) => e.name));
  } finally {
    globalThis.fetch = savedFetch;
  }
});

test('the packed core does not depend on the linker output beside it', () => {
  // Run in a fresh process with only core.js copied elsewhere: the binary must come from inside.
  const script = `const f = require(${JSON.stringify(classicPath)}); f({ locateFile: () => '/nonexistent/core.wasm' })
    .then((M) => { console.log(M.evaluate('relu', {}, new Float64Array([-1, 3])).y.join(',')); })`;
  const out = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: path.dirname(classicPath) });
  assert.equal(out.trim(), '0,3');
});
