// The command-line tool's code cache (tools/core-cache.mjs): the core compiled once by V8's
// optimising compiler and read back by later runs. With it the tool answers byte for byte as
// without it (ALAB_CACHE=0); a damaged file (truncated, altered, empty, another format) is
// ignored and written again, one V8 refuses (another V8 or other flags) is ignored and never
// written again, one in a directory others can write is not read. Each test has a directory of
// its own; ALAB_CACHE=sync makes a run wait for the writer it starts (no process outlives a
// test), ALAB_CACHE_LOG=1 has the tool say on stderr what the cache did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { root } from './helpers.mjs';

const tool = path.join(root, 'tools/alab.mjs');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'alab-cache-test-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;
const newDir = () => path.join(scratch, `cache-${dirs++}`);

// A run of the tool: stdout as bytes (compared as they are), stderr as text.
function run(request, env, nodeArgs = []) {
  const input = typeof request === 'string' ? request : JSON.stringify(request);
  const r = spawnSync(process.execPath, [...nodeArgs, tool], { input, maxBuffer: 1 << 28, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}
const withoutCache = (request) => run(request, { ALAB_CACHE: '0', ALAB_CACHE_LOG: '1' });
const withCache = (request, dir, extra = {}, nodeArgs = []) => run(request, { ALAB_CACHE_DIR: dir, ALAB_CACHE_LOG: '1', ALAB_CACHE: 'sync', ...extra }, nodeArgs);
const cacheFiles = (dir) => readdirSync(dir).filter((f) => f.endsWith('.bin'));

// A directory holding the cache, written by a first run.
function preparedDir() {
  const dir = newDir();
  const r = withCache({ op: 'info' }, dir);
  assert.equal(r.status, 0);
  assert.match(r.stderr, /^alab: code cache: not used: missing; written\n$/);
  const files = cacheFiles(dir);
  assert.equal(files.length, 1, `one cache file: ${readdirSync(dir)}`);
  return { dir, file: path.join(dir, files[0]) };
}

// Seeded nets (Park-Miller), weights as torch's nn.Linear draws them.
function net(sizes, seed) {
  let s = seed;
  const rnd = () => ((s = (s * 16807) % 2147483647), s / 2147483647);
  const weights = [], biases = [];
  for (let l = 0; l + 1 < sizes.length; ++l) {
    const k = 1 / Math.sqrt(sizes[l]);
    weights.push(Array.from({ length: sizes[l + 1] }, () => Array.from({ length: sizes[l] }, () => (2 * rnd() - 1) * k)));
    biases.push(Array.from({ length: sizes[l + 1] }, () => (2 * rnd() - 1) * k));
  }
  return { weights, biases };
}

const REQUESTS = [
  { op: 'regions', ...net([2, 32, 32, 1], 1), box: [-4, 4, -4, 4] },
  { op: 'regions', ...net([2, 64, 64, 1], 2), box: [-3, 3, -2, 2], per_layer: true },
  { op: 'regions', ...net([1, 16, 16, 16, 1], 3), box: [-5, 5], per_layer: true },
  { op: 'regions', ...net([2, 8, 8, 1], 4), box: [-4, 4, -4, 4], activation: 'leaky_relu', alpha: 0.1 },
  { op: 'segment', ...net([2, 64, 64, 64, 1], 5), a: [-4, -3], b: [4, 3.5] },
  { op: 'segment', ...net([1, 32, 32, 1], 6), a: -5, b: 5 },
  { op: 'forward', layers: [2, 5, 3], activation: 'gelu', ...net([2, 5, 3], 7), x: [[0.5, -1], [2, 0.25]] },
  { op: 'train', layers: [2, 4, 1], ...net([2, 4, 1], 8), x: [[0, 0], [0, 1], [1, 0], [1, 1]], y: [0, 1, 1, 0], steps: 25, optimizer: 'adam', lr: 0.05 },
  [{ op: 'activation', name: 'silu', x: [-2, -0.5, 0, 1.5] }, { op: 'softmax', x: [[1, 2, 3], [0, 0, 1e3]] }],
  { op: 'regions', ...net([2, 4, 1], 9), box: [1, 1, 0, 1] },   // an error answer
];

// The cache is made for node 20's V8 (11.x), where it was measured; another V8 runs the tool
// without it.
const SUPPORTED = process.versions.v8.startsWith('11.');

if (!SUPPORTED) {
  test(`V8 ${process.versions.v8}: the tool runs without the cache and says nothing about it`, () => {
    const dir = newDir();
    const r = withCache(REQUESTS[0], dir);
    assert.equal(r.status, 0);
    assert.equal(r.stderr, '');
    assert.ok(r.stdout.equals(withoutCache(REQUESTS[0]).stdout));
    assert.throws(() => statSync(dir), /ENOENT/, 'no directory made');
  });
} else {
  test('ALAB_CACHE=0: no cache read or written, and nothing on stderr', () => {
    const dir = newDir();
    const r = run(REQUESTS[0], { ALAB_CACHE: '0', ALAB_CACHE_DIR: dir, ALAB_CACHE_LOG: '1' });
    assert.equal(r.status, 0);
    assert.equal(r.stderr, '');
    assert.throws(() => statSync(dir), /ENOENT/, 'no directory made');
  });

  test('with the cache the answers are byte for byte those without it', () => {
    const { dir, file } = preparedDir();
    assert.equal(statSync(file).mode & 0o777, 0o600, 'the file is its owner\'s only');
    assert.equal(statSync(dir).mode & 0o077, 0, 'the directory is its owner\'s only');
    for (const request of REQUESTS) {
      const plain = withoutCache(request), cached = withCache(request, dir);
      const what = JSON.stringify(request).slice(0, 60);
      assert.equal(plain.stderr, '', what);
      assert.equal(cached.stderr, `alab: code cache: used ${file}\n`, what);
      assert.equal(cached.status, plain.status, what);
      assert.ok(cached.stdout.equals(plain.stdout), `${what}: the answers differ`);
    }
    // The error answer is one, and the regions answers are what they claim to be.
    assert.equal(withoutCache(REQUESTS.at(-1)).status, 2);
    assert.ok(JSON.parse(withoutCache(REQUESTS[0]).stdout).pattern_regions > 100);
    // A C++ exception thrown in the core (past the tool's cell limit) and caught there.
    const limited = { ALAB_LIMIT_REGIONS: '20' };
    const refused = run(REQUESTS[0], { ...limited, ALAB_CACHE: '0' }), refusedCached = withCache(REQUESTS[0], dir, limited);
    assert.equal(refusedCached.status, 2);
    assert.match(refusedCached.stdout.toString(), /more than 20 regions/);
    assert.ok(refusedCached.stdout.equals(refused.stdout));
    // Without ALAB_CACHE_LOG the tool says nothing on stderr, cache or not.
    const quiet = run(REQUESTS[0], { ALAB_CACHE_DIR: dir, ALAB_CACHE: 'sync', ALAB_CACHE_LOG: '' });
    assert.equal(quiet.stderr, '');
    assert.ok(quiet.stdout.equals(withoutCache(REQUESTS[0]).stdout));
  });

  test('a damaged cache file is ignored, with the same answer, and written again', () => {
    const { dir, file } = preparedDir();
    const good = readFileSync(file);
    const expected = withoutCache(REQUESTS[4]).stdout;
    const flip = (at) => { const b = Buffer.from(good); b[at] ^= 0x55; return b; };
    const damaged = {
      'truncated to half': [good.subarray(0, good.length >> 1), /corrupt \(length\)/],
      'one byte short': [good.subarray(0, good.length - 1), /corrupt \(length\)/],
      'one byte more': [Buffer.concat([good, Buffer.from([0])]), /corrupt \(length\)/],
      'a byte of the code altered': [flip(good.length - 1000), /corrupt \(digest\)/],
      'a byte of the module altered': [flip(100), /corrupt \(digest\)/],
      'the digest altered': [flip(40), /corrupt \(digest\)/],
      'another format': [flip(3), /corrupt \(header\)/],
      'empty': [Buffer.alloc(0), /corrupt \(header\)/],
      'only a header': [good.subarray(0, 56), /corrupt \(length\)/],
    };
    // A writer's lock (a fresh one: another run writing the file) keeps the file as the test
    // made it; the last one is written again.
    writeFileSync(`${file}.lock`, '');
    for (const [what, [bytes, reason]] of Object.entries(damaged)) {
      writeFileSync(file, bytes, { mode: 0o600 });
      const r = withCache(REQUESTS[4], dir);
      assert.equal(r.status, 0, what);
      assert.ok(r.stdout.equals(expected), `${what}: the answer differs`);
      assert.match(r.stderr, reason, what);
      assert.match(r.stderr, /; another process is writing it\n$/, what);
    }
    rmSync(`${file}.lock`);
    writeFileSync(file, flip(good.length >> 1), { mode: 0o600 });
    const r = withCache(REQUESTS[4], dir);
    assert.ok(r.stdout.equals(expected));
    assert.equal(r.stderr, 'alab: code cache: not used: corrupt (digest); written\n');
    const again = withCache(REQUESTS[4], dir);
    assert.equal(again.stderr, `alab: code cache: used ${file}\n`, 'the new file is used');
    assert.ok(again.stdout.equals(expected));
  });

  test('a file V8 refuses (another V8, CPU or flags) is ignored and not written again', () => {
    const { dir, file } = preparedDir();
    // The hash of V8's flags in V8's own header of the code (after ours and the module), with
    // our digest made again: the file is whole, V8 says no.
    const b = Buffer.from(readFileSync(file));
    const codeAt = 56 + b.readUInt32LE(16);
    b[codeAt + 12] ^= 0xff;
    createHash('sha256').update(b.subarray(56)).digest().copy(b, 24);
    writeFileSync(file, b, { mode: 0o600 });
    const expected = withoutCache(REQUESTS[0]).stdout;
    const r = withCache(REQUESTS[0], dir);
    assert.ok(r.stdout.equals(expected));
    assert.equal(r.stderr, 'alab: code cache: not used: refused by V8; not written again\n');
    assert.deepEqual(readdirSync(dir), [path.basename(file).replace(/\.bin$/, '.rejected')]);
    const next = withCache(REQUESTS[0], dir);
    assert.ok(next.stdout.equals(expected));
    assert.equal(next.stderr, 'alab: code cache: not used: missing; V8 refused it before, not written again\n');
  });

  test('a cache directory others can write is neither read nor written', () => {
    const { dir } = preparedDir();
    chmodSync(dir, 0o777);
    const r = withCache(REQUESTS[0], dir);
    assert.ok(r.stdout.equals(withoutCache(REQUESTS[0]).stdout));
    assert.equal(r.stderr, 'alab: code cache: not used: the directory is not the user\'s own\n');
    chmodSync(dir, 0o700);
  });

  test('V8 flags of the user\'s leave the cache alone; a run under a profiler starts no writer', () => {
    const { dir } = preparedDir();
    for (const flag of ['--liftoff-only', '--no-liftoff', '--allow-natives-syntax']) {
      const r = withCache(REQUESTS[0], dir, {}, [flag]);
      assert.equal(r.stderr, '', flag);
      assert.ok(r.stdout.equals(withoutCache(REQUESTS[0]).stdout), flag);
    }
    // Under a profiler (or a debugger) no writer is started: it would profile itself too.
    const empty = newDir();
    const profiled = withCache(REQUESTS[0], empty, {}, ['--cpu-prof', '--cpu-prof-dir', path.join(scratch, 'profiles')]);
    assert.equal(profiled.status, 0);
    assert.equal(profiled.stderr, 'alab: code cache: not used: missing; not written from a run under a debugger or profiler\n');
    assert.throws(() => statSync(empty), /ENOENT/);
  });
}
