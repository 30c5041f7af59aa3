// The command-line tool's code cache (tools/core-cache.mjs): the core compiled once by V8's
// optimising compiler and read back by later runs. With it the tool answers byte for byte as
// without it (ALAB_CACHE=0); a damaged file (truncated, altered, empty, another format) is
// ignored and written again, one V8 refuses (another V8 or other flags) is ignored and never
// written again, one in a directory others can write is not read, a FIFO (or anything not a
// regular file) there is never read; of runs started together one only starts a writer, and
// one writer at a time compiles. Each test has a directory of its own; ALAB_CACHE=sync makes a
// run wait for the writer it starts (no process outlives a test; a run in the background mode
// is made only where no writer may start), ALAB_CACHE_LOG=1 has the tool say on stderr what
// the cache did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync, closeSync, lstatSync, mkdirSync, openSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync,
} from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { root, seededNet } from './helpers.mjs';
import { cachedModuleOptions, lockSteps } from '../../tools/core-cache.mjs';

const tool = path.join(root, 'tools/alab.mjs');
const writer = path.join(root, 'tools/core-cache.mjs');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'alab-cache-test-'));
test.after(() => rmSync(scratch, { recursive: true, force: true }));
let dirs = 0;
const newDir = () => path.join(scratch, `cache-${dirs++}`);

// A run of the tool: stdout as bytes (compared as they are), stderr as text. A run that hangs
// (it used to, on a FIFO in the cache's place) is ended after a minute, and fails the test
// through its signal: no answer is ever that slow.
// The runner's own cache settings (npm test sets ALAB_CACHE=0) are not the tests': each run
// starts from none of them.
function baseEnv(env) {
  const out = { ...process.env };
  for (const name of ['ALAB_CACHE', 'ALAB_CACHE_DIR', 'ALAB_CACHE_LOG']) delete out[name];
  return { ...out, ...env };
}
function run(request, env, nodeArgs = []) {
  const input = typeof request === 'string' ? request : JSON.stringify(request);
  const r = spawnSync(process.execPath, [...nodeArgs, tool], { input, maxBuffer: 1 << 28, env: baseEnv(env), timeout: 60000, killSignal: 'SIGKILL' });
  assert.equal(r.signal, null, `the tool was ended by ${r.signal} (hung)`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}
// The same, started at once with others: resolves when the process has exited.
function runAsync(request, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [tool], { env: baseEnv(env) });
    const out = [], err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    child.on('error', reject);
    child.on('close', (status, signal) => resolve({ status, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString() }));
    child.stdin.end(JSON.stringify(request));
  });
}
const OFF = 'alab: code cache: off (ALAB_CACHE=0)\n';
const withoutCache = (request) => run(request, { ALAB_CACHE: '0', ALAB_CACHE_LOG: '1' });
const withCache = (request, dir, extra = {}, nodeArgs = []) => run(request, { ALAB_CACHE_DIR: dir, ALAB_CACHE_LOG: '1', ALAB_CACHE: 'sync', ...extra }, nodeArgs);
const cacheFiles = (dir) => readdirSync(dir).filter((f) => f.endsWith('.bin'));
function withoutEnv(name) {
  const env = { ...process.env };
  delete env[name];
  return env;
}
function mkfifo(p) {
  const r = spawnSync('mkfifo', ['-m', '600', p]);
  assert.equal(r.status, 0, `mkfifo: ${r.stderr}`);
}
// The id of a process that has exited (and been reaped): a crashed writer's.
function deadPid() {
  const r = spawnSync(process.execPath, ['-e', '']);
  assert.equal(r.status, 0);
  return r.pid;
}

// A writer's lock as the tool makes it: a directory holding one empty file, <pid>.<token>.
function makeLock(lock, pid, token = '0123456789abcdef') {
  mkdirSync(lock, { mode: 0o700 });
  closeSync(openSync(path.join(lock, `${pid}.${token}`), 'wx', 0o600));
  return path.join(lock, `${pid}.${token}`);
}

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

// The name of this core's cache file (the same in every directory), from a prepared one.
let cachedName = null;
function preparedName() {
  cachedName ??= path.basename(preparedDir().file);
  return cachedName;
}

const REQUESTS = [
  { op: 'regions', ...seededNet([2, 32, 32, 1], 1), box: [-4, 4, -4, 4] },
  { op: 'regions', ...seededNet([2, 64, 64, 1], 2), box: [-3, 3, -2, 2], per_layer: true },
  { op: 'regions', ...seededNet([1, 16, 16, 16, 1], 3), box: [-5, 5], per_layer: true },
  { op: 'regions', ...seededNet([2, 8, 8, 1], 4), box: [-4, 4, -4, 4], activation: 'leaky_relu', alpha: 0.1 },
  { op: 'segment', ...seededNet([2, 64, 64, 64, 1], 5), a: [-4, -3], b: [4, 3.5] },
  { op: 'segment', ...seededNet([1, 32, 32, 1], 6), a: -5, b: 5 },
  { op: 'forward', layers: [2, 5, 3], activation: 'gelu', ...seededNet([2, 5, 3], 7), x: [[0.5, -1], [2, 0.25]] },
  { op: 'train', layers: [2, 4, 1], ...seededNet([2, 4, 1], 8), x: [[0, 0], [0, 1], [1, 0], [1, 1]], y: [0, 1, 1, 0], steps: 25, optimizer: 'adam', lr: 0.05 },
  [{ op: 'activation', name: 'silu', x: [-2, -0.5, 0, 1.5] }, { op: 'softmax', x: [[1, 2, 3], [0, 0, 1e3]] }],
  { op: 'regions', ...seededNet([2, 4, 1], 9), box: [1, 1, 0, 1] },   // an error answer
];

// The cache is made for node 20's V8 (11.x), where it was measured; another V8 runs the tool
// without it.
const SUPPORTED = process.versions.node.startsWith('20.') && process.versions.v8.startsWith('11.');

if (!SUPPORTED) {
  test(`node ${process.versions.node}: the tool runs without the cache and says so on the log line only`, () => {
    const dir = newDir();
    const r = withCache(REQUESTS[0], dir);
    assert.equal(r.status, 0);
    assert.equal(r.stderr, `alab: code cache: off (made for node 20 (V8 11), this is node ${process.versions.node} (V8 ${process.versions.v8}))\n`);
    assert.ok(r.stdout.equals(withoutCache(REQUESTS[0]).stdout));
    assert.throws(() => statSync(dir), /ENOENT/, 'no directory made');
  });
} else {
  test('ALAB_CACHE=0: no cache read or written, and the log line says the cache is off', () => {
    const dir = newDir();
    const r = run(REQUESTS[0], { ALAB_CACHE: '0', ALAB_CACHE_DIR: dir, ALAB_CACHE_LOG: '1' });
    assert.equal(r.status, 0);
    assert.equal(r.stderr, OFF);
    assert.throws(() => statSync(dir), /ENOENT/, 'no directory made');
    // Without ALAB_CACHE_LOG nothing is said.
    assert.equal(run(REQUESTS[0], { ALAB_CACHE: '0', ALAB_CACHE_DIR: dir, ALAB_CACHE_LOG: '' }).stderr, '');
  });

  test('ALAB_CACHE: 1, on or unset use the cache; 0, off, false, no and any unknown value turn it off, saying so', () => {
    const { dir, file } = preparedDir();
    const expected = withoutCache(REQUESTS[6]).stdout;
    const cases = {
      '1': 'used', 'on': 'used', 'ON': 'used', 'true': 'used', '': 'used', [undefined]: 'used',
      '0': 'off (ALAB_CACHE=0)', 'off': 'off (ALAB_CACHE=off)', 'false': 'off (ALAB_CACHE=false)', 'no': 'off (ALAB_CACHE=no)',
      'bogus': 'off (ALAB_CACHE="bogus" is none of 0, 1, sync)', '2': 'off (ALAB_CACHE="2" is none of 0, 1, sync)',
      'synch': 'off (ALAB_CACHE="synch" is none of 0, 1, sync)',
    };
    for (const [value, said] of Object.entries(cases)) {
      const env = { ALAB_CACHE_DIR: dir, ALAB_CACHE_LOG: '1', ALAB_CACHE: value };
      if (value === 'undefined') delete env.ALAB_CACHE;
      const r = spawnSync(process.execPath, [tool], { input: JSON.stringify(REQUESTS[6]), env: { ...withoutEnv('ALAB_CACHE'), ...env }, timeout: 60000 });
      assert.equal(r.status, 0, value);
      assert.ok(r.stdout.equals(expected), value);
      assert.equal(r.stderr.toString(), `alab: code cache: ${said === 'used' ? `used ${file}` : said}\n`, `ALAB_CACHE=${value}`);
    }
    // An unknown value writes nothing either.
    const empty = newDir();
    assert.equal(run(REQUESTS[6], { ALAB_CACHE_DIR: empty, ALAB_CACHE_LOG: '1', ALAB_CACHE: 'bogus' }).status, 0);
    assert.throws(() => statSync(empty), /ENOENT/, 'no directory made');
  });

  test('with the cache the answers are byte for byte those without it', () => {
    const { dir, file } = preparedDir();
    assert.equal(statSync(file).mode & 0o777, 0o600, 'the file is its owner\'s only');
    assert.equal(statSync(dir).mode & 0o077, 0, 'the directory is its owner\'s only');
    for (const request of REQUESTS) {
      const plain = withoutCache(request), cached = withCache(request, dir);
      const what = JSON.stringify(request).slice(0, 60);
      assert.equal(plain.stderr, OFF, what);
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
    assert.equal(r.stderr, 'alab: code cache: not used: refused by V8; not written again for a day\n');
    assert.deepEqual(readdirSync(dir), [path.basename(file).replace(/\.bin$/, '.rejected')]);
    const next = withCache(REQUESTS[0], dir);
    assert.ok(next.stdout.equals(expected));
    assert.equal(next.stderr, 'alab: code cache: not used: missing; V8 refused it less than a day ago, not written again\n');
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
      assert.equal(r.stderr, `alab: code cache: off (node's command line sets V8's WebAssembly flags: ${flag})\n`, flag);
      assert.ok(r.stdout.equals(withoutCache(REQUESTS[0]).stdout), flag);
    }
    // Under a profiler (or a debugger) no writer is started: it would profile itself too.
    const empty = newDir();
    const profiled = withCache(REQUESTS[0], empty, {}, ['--cpu-prof', '--cpu-prof-dir', path.join(scratch, 'profiles')]);
    assert.equal(profiled.status, 0);
    assert.equal(profiled.stderr, 'alab: code cache: not used: missing; not written from a run under a debugger or profiler\n');
    assert.throws(() => statSync(empty), /ENOENT/);
    // The same options in NODE_OPTIONS, which a writer would inherit.
    const viaEnv = withCache(REQUESTS[0], empty, { NODE_OPTIONS: `--heap-prof --heap-prof-dir=${path.join(scratch, 'profiles')}` });
    assert.equal(viaEnv.status, 0);
    assert.equal(viaEnv.stderr, 'alab: code cache: not used: missing; not written from a run under a debugger or profiler\n');
    assert.throws(() => statSync(empty), /ENOENT/);
  });

  test('a FIFO, a link to one or a directory in the cache file\'s place is not read (no hang) nor written over', () => {
    const { dir, file } = preparedDir();
    const expected = withoutCache(REQUESTS[0]).stdout;
    const fifo = path.join(scratch, `fifo-${dirs}`);
    mkfifo(fifo);
    const things = {
      'a FIFO': [() => mkfifo(file), 'a FIFO'],
      'a link to a FIFO': [() => symlinkSync(fifo, file), 'a FIFO'],
      'a directory': [() => mkdirSync(file, { mode: 0o700 }), 'a directory'],
    };
    for (const [what, [make, said]] of Object.entries(things)) {
      rmSync(file, { recursive: true, force: true });
      make();
      const made = lstatSync(file);
      // Under ALAB_CACHE=sync: a writer, were one started, would be waited for.
      const r = withCache(REQUESTS[0], dir);
      assert.equal(r.status, 0, what);
      assert.ok(r.stdout.equals(expected), `${what}: the answer differs`);
      assert.equal(r.stderr, `alab: code cache: not used: not a regular file (${said}), left as it is\n`, what);
      const after = lstatSync(file);
      assert.equal(after.ino, made.ino, `${what}: left in place`);
      assert.equal(after.isFile(), false, what);
      assert.deepEqual(readdirSync(dir), [path.basename(file)], `${what}: no lock or temporary file left`);
    }
  });

  test('a FIFO in the lock\'s place: a fresh one holds (no hang), an old one is taken over', () => {
    const dir = newDir();
    mkdirSync(dir, { mode: 0o700 });
    const file = path.join(dir, preparedName());
    const expected = withoutCache(REQUESTS[0]).stdout;
    mkfifo(`${file}.lock`);
    // The background mode: were a writer started, it would outlive the test; none may be.
    const held = run(REQUESTS[0], { ALAB_CACHE_DIR: dir, ALAB_CACHE_LOG: '1', ALAB_CACHE: '1' });
    assert.ok(held.stdout.equals(expected));
    assert.equal(held.stderr, 'alab: code cache: not used: missing; another process is writing it\n');
    const old = (Date.now() - 11 * 60 * 1000) / 1000;
    utimesSync(`${file}.lock`, old, old);
    const r = withCache(REQUESTS[0], dir);
    assert.ok(r.stdout.equals(expected));
    assert.equal(r.stderr, 'alab: code cache: not used: missing; written\n');
    assert.deepEqual(readdirSync(dir), [path.basename(file)], 'the FIFO taken over and removed; no lock left');
  });

  test('a live writer\'s lock: no writer is started; a crashed writer\'s (process gone, or too old) is taken over', () => {
    const dir = newDir();
    mkdirSync(dir, { mode: 0o700 });
    const file = path.join(dir, preparedName());
    const lock = `${file}.lock`;
    const expected = withoutCache(REQUESTS[6]).stdout;
    const env = { ALAB_CACHE_DIR: dir, ALAB_CACHE_LOG: '1' };
    // This test's process is alive: its lock holds, in the background mode too (which would
    // start a writer that outlives the test, were one started).
    const holder = makeLock(lock, process.pid);
    for (const mode of ['1', 'sync']) {
      const r = run(REQUESTS[6], { ...env, ALAB_CACHE: mode });
      assert.ok(r.stdout.equals(expected), mode);
      assert.equal(r.stderr, 'alab: code cache: not used: missing; another process is writing it\n', mode);
      assert.deepEqual(readdirSync(lock), [path.basename(holder)], `${mode}: the lock is left as it was`);
      assert.deepEqual(readdirSync(dir), [path.basename(lock)], mode);
    }
    // The same lock ten minutes older: its process may have another's id now; taken over.
    const old = (Date.now() - 11 * 60 * 1000) / 1000;
    utimesSync(holder, old, old);
    let r = run(REQUESTS[6], { ...env, ALAB_CACHE: 'sync' });
    assert.ok(r.stdout.equals(expected));
    assert.equal(r.stderr, 'alab: code cache: not used: missing; written\n');
    assert.deepEqual(readdirSync(dir), [path.basename(file)], 'the lock removed by the writer');
    // A fresh lock naming a process that has exited.
    rmSync(file);
    makeLock(lock, deadPid());
    r = run(REQUESTS[6], { ...env, ALAB_CACHE: 'sync' });
    assert.ok(r.stdout.equals(expected));
    assert.equal(r.stderr, 'alab: code cache: not used: missing; written\n');
    assert.deepEqual(readdirSync(dir), [path.basename(file)]);
    assert.equal(run(REQUESTS[6], env).stderr, `alab: code cache: used ${file}\n`);
  });

  test('a lock is taken over soundly: a taker acting on a stale view removes nothing else, a late holder releases only its own', () => {
    const dir = newDir();
    mkdirSync(dir, { mode: 0o700 });
    const lock = path.join(dir, 'core-0.bin.lock');
    const { lockHolder, removeHolder, takeLock, releaseLock } = lockSteps;
    // A crashed writer's lock; two processes see it stale (the same view).
    makeLock(lock, deadPid(), 'aaaaaaaaaaaaaaaa');
    const seen = lockHolder(lock);
    assert.equal(seen.name.endsWith('.aaaaaaaaaaaaaaaa'), true);
    // One takes it over (removes the stale holder, puts its own lock in place)...
    const token = takeLock(lock);
    assert.match(token, /^[0-9a-f]{16}$/);
    const mine = `${process.pid}.${token}`;
    assert.deepEqual(readdirSync(lock), [mine]);
    // ...the other, acting on its view, removes nothing: the new lock is left whole.
    assert.equal(removeHolder(lock, seen), false);
    assert.deepEqual(readdirSync(lock), [mine]);
    // A third finds it held (this process is alive).
    assert.equal(takeLock(lock), null);
    assert.deepEqual(readdirSync(lock), [mine]);
    // The crashed writer, were it only slow, releases its own token only.
    releaseLock(lock, 'aaaaaaaaaaaaaaaa');
    assert.deepEqual(readdirSync(lock), [mine]);
    // Released: nothing is left, and the lock can be taken again.
    releaseLock(lock, token);
    assert.deepEqual(readdirSync(dir), []);
    const again = takeLock(lock);
    assert.match(again, /^[0-9a-f]{16}$/);
    assert.notEqual(again, token);
    releaseLock(lock, again);
    // An empty directory in the lock's place (a release halfway) is a free lock.
    mkdirSync(lock);
    const free = takeLock(lock);
    assert.deepEqual(readdirSync(lock), [`${process.pid}.${free}`]);
    releaseLock(lock, free);
    assert.deepEqual(readdirSync(dir), [], 'nothing left');
  });

  test('a refusal mark lasts a day: an older one is removed and the file written again', () => {
    const dir = newDir();
    mkdirSync(dir, { mode: 0o700 });
    const file = path.join(dir, preparedName());
    const mark = file.replace(/\.bin$/, '.rejected');
    writeFileSync(mark, '', { mode: 0o600 });
    const fresh = (Date.now() - 23 * 3600 * 1000) / 1000;
    utimesSync(mark, fresh, fresh);
    assert.equal(withCache(REQUESTS[0], dir).stderr, 'alab: code cache: not used: missing; V8 refused it less than a day ago, not written again\n');
    assert.deepEqual(readdirSync(dir), [path.basename(mark)]);
    const old = (Date.now() - 25 * 3600 * 1000) / 1000;
    utimesSync(mark, old, old);
    assert.equal(withCache(REQUESTS[0], dir).stderr, 'alab: code cache: not used: missing; written\n');
    assert.deepEqual(readdirSync(dir), [path.basename(file)], 'the mark removed');
    assert.equal(withCache(REQUESTS[0], dir).stderr, `alab: code cache: used ${file}\n`);
  });

  test('of five runs started together with no cache, one only starts a writer, and one file is compiled and written', async () => {
    const dir = newDir();
    const expected = withoutCache(REQUESTS[0]).stdout;
    const runs = await Promise.all(Array.from({ length: 5 }, () => runAsync(REQUESTS[0], { ALAB_CACHE_DIR: dir, ALAB_CACHE_LOG: '1', ALAB_CACHE: 'sync' })));
    for (const r of runs) {
      assert.equal(r.signal, null);
      assert.equal(r.status, 0);
      assert.ok(r.stdout.equals(expected), 'the answer differs');
    }
    const said = runs.map((r) => r.stderr);
    // Each run waited for the writer it started: 'written' is said by the run whose writer
    // compiled the core. A run that found the file already there says 'used'; one that found
    // it missing, a live lock (the writer at work); one that found it missing and took the lock
    // after the writer was done started a writer that found the file and compiled nothing.
    assert.equal(said.filter((line) => line === 'alab: code cache: not used: missing; written\n').length, 1, said.join(''));
    for (const line of said) {
      assert.match(line, /^alab: code cache: (not used: missing; (written|another process is writing it|written meanwhile by another process)|used \S+)\n$/);
    }
    assert.equal(cacheFiles(dir).length, 1);
    assert.deepEqual(readdirSync(dir), cacheFiles(dir), 'no lock or temporary file left');
  });

  test('the writer run by hand compiles nothing when a whole file is there (exit status 3)', () => {
    const { dir, file } = preparedDir();
    const before = statSync(file);
    const r = spawnSync(process.execPath, [writer], { env: baseEnv({ ALAB_CACHE_DIR: dir, ALAB_CACHE: '1' }), timeout: 60000 });
    assert.equal(r.status, 3);
    const after = statSync(file);
    assert.equal(after.ino, before.ino, 'the same file');
    assert.equal(after.mtimeMs, before.mtimeMs);
    assert.deepEqual(readdirSync(dir), [path.basename(file)], 'no lock left');
    // Damaged, it is written again.
    writeFileSync(file, Buffer.alloc(10), { mode: 0o600 });
    const again = spawnSync(process.execPath, [writer], { env: baseEnv({ ALAB_CACHE_DIR: dir, ALAB_CACHE: '1' }), timeout: 60000 });
    assert.equal(again.status, 0);
    assert.equal(withCache(REQUESTS[0], dir).stderr, `alab: code cache: used ${file}\n`);
  });
}

// A module that fails to instantiate from the cache and again from its bytes (here: an import
// that is not given): the error reaches the caller through `failed`, not as an unhandled
// rejection.
test('a cached module that cannot be instantiated, nor its bytes: the error comes out through failed', async () => {
  // (module (import "m" "f" (func)))
  const wire = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 2, 7, 1, 1, 0x6d, 1, 0x66, 0, 0]);
  const { options, failed } = cachedModuleOptions({ module: new WebAssembly.Module(wire), wire });
  assert.equal(options.wasmBinary, wire);
  let received = false;
  assert.deepEqual(options.instantiateWasm({ m: {} }, () => { received = true; }), {});
  await assert.rejects(failed, WebAssembly.LinkError);
  assert.equal(received, false);
});
