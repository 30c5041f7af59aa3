// A code cache of the core for the command-line tool: the WebAssembly module compiled by V8's
// optimising compiler, kept in a file, so that a run of the tool starts with every function of
// the core compiled instead of compiling each one with the baseline compiler on its first call
// (a regions answer is one call, so its walk and its JSON writer would run in baseline code,
// 2-3 times slower; README, "A whole run of the tool").
//
// Node 20 has no public API for it; V8's own test functions do it, behind a V8 flag:
// %SerializeWasmModule(module) gives the compiled code, and %DeserializeWasmModule(code, wire
// bytes) a WebAssembly.Module again, or undefined when V8's version, the CPU's features or the
// hash of V8's flags differ from the writer's. Serialising aborts the process (a CHECK of V8)
// unless every function is compiled by the optimising compiler, so the cache is written by a
// separate process (node tools/core-cache.mjs), started in the background after a run that
// found no cache: the user's run never waits for it and cannot be hurt by it.
//
// The file: <dir>/core-<key>.bin, the key a hash of core.js's text, node's and V8's versions,
// the node binary (path, size, time), the platform and node's command-line flags (NODE_OPTIONS
// too), so another build of the core or another node never reads it. Inside: a header (magic, lengths, SHA-256 of the rest), the
// module's bytes (the tool then skips unpacking them from core.js) and V8's code. Written to a
// temporary file and renamed, readable and writable by its owner only; read only when the
// directory and the file belong to the user running the tool and no one else can write them,
// and the digest matches. Anything else (missing, truncated, corrupt, another owner, V8
// refusing it) falls back to loading core.js as without a cache; a damaged file is replaced,
// one V8 refuses gives way to an empty mark (.rejected) and is not written again.
//
// Where: $ALAB_CACHE_DIR, else $XDG_CACHE_HOME/activation-lab, else ~/.cache/activation-lab,
// else <tmpdir>/activation-lab-<uid>. ALAB_CACHE=0 (or off) turns the cache off; ALAB_CACHE=
// sync makes a run that writes the cache wait for the writer (to prepare it, e.g. in an image
// build); ALAB_CACHE_LOG=1 writes one line on stderr saying what the cache did (for tests).
// Used with V8 11 only (node 20; measured there), and not when node's flags choose V8's
// WebAssembly compilers themselves (the tool then runs the core as told).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync, constants, closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync, writeSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';

const WRITER = fileURLToPath(import.meta.url);
const MAGIC = Buffer.from('ALAB-WASM-CODE-1');   // 16 bytes; a new format gets a new one
const HEADER = MAGIC.length + 8 + 32;            // magic, two u32 lengths, SHA-256
// The V8 flags under which the code is compiled and read back: every function compiled at
// once by the optimising compiler (no baseline code, nothing left for a first call), and V8's
// test functions. --no-liftoff also turns dynamic tiering off. V8 puts a hash of all its
// flags in the file and refuses it under other flags, so reader and writer set the same ones.
const CODE_FLAGS = ['--allow-natives-syntax', '--no-liftoff', '--no-wasm-lazy-compilation'];
const DEFAULT_FLAGS = ['--no-allow-natives-syntax', '--liftoff', '--wasm-dynamic-tiering', '--wasm-lazy-compilation'];
// Flags of node's command line that the cache would override: the user's choice wins.
const USER_FLAGS = /^--(no[-_])?(liftoff|wasm[-_]|allow[-_]natives[-_]syntax)/;
// node's debugging and profiling options: a run with them reads the cache but starts no
// writer (a writer with the same command line would wait for a debugger or write a profile).
const DEBUGGING = /^--(inspect|debug|cpu-prof|heap-prof|prof)/;
const KEEP = 4;   // cache files kept (other builds of the core, other nodes)

const log = (line) => {
  if (process.env.ALAB_CACHE_LOG === '1') try { writeSync(2, `alab: code cache: ${line}\n`); } catch { /* nowhere to say it */ }
};

/** The cache's directory (see the head of this file). */
export function cacheDir(env = process.env) {
  if (env.ALAB_CACHE_DIR) return path.resolve(env.ALAB_CACHE_DIR);
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, 'activation-lab');
  let home = '';
  try { home = os.homedir(); } catch { /* no home directory */ }
  if (home) return path.join(home, '.cache', 'activation-lab');
  return path.join(os.tmpdir(), `activation-lab-${process.getuid?.() ?? 'user'}`);
}

/** Whether this run may use the cache at all: on, V8 11, no WebAssembly flags of the user's. */
export function cacheEnabled(env = process.env) {
  const setting = (env.ALAB_CACHE ?? '').toLowerCase();
  if (setting === '0' || setting === 'off' || setting === 'false' || setting === 'no') return false;
  if (!process.versions.v8.startsWith('11.')) return false;
  return ![...process.execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)].some((arg) => USER_FLAGS.test(arg));
}

/**
 * The cache file of a core.js: its name carries everything that must match (the node binary
 * itself too: two builds of one version share V8's version hash).
 */
export function cacheFile(corePath, env = process.env) {
  const h = createHash('sha256');
  const node = statSync(process.execPath);
  for (const part of [MAGIC, readFileSync(corePath), process.version, process.versions.v8, process.platform, process.arch,
    process.execPath, `${node.size} ${node.mtimeMs}`, JSON.stringify(process.execArgv), env.NODE_OPTIONS ?? '']) h.update(part).update('\0');
  return path.join(cacheDir(env), `core-${h.digest('hex').slice(0, 32)}.bin`);
}

// A directory or file only its owner, the user running this, can write.
function ownedByUs(st) {
  const uid = process.getuid?.();
  return (uid === undefined || st.uid === uid) && (st.mode & 0o022) === 0;
}

function setFlags(flags) {
  for (const f of flags) setFlagsFromString(f);
}

/**
 * Reads the cache of core.js at corePath: {module, wire, file} (a compiled WebAssembly.Module and
 * its bytes), or {miss: reason, file} when there is none to use. Never throws.
 */
export function readCodeCache(corePath) {
  let file = null;
  try {
    file = cacheFile(corePath);
    if (!ownedByUs(statSync(path.dirname(file)))) return { miss: 'the directory is not the user\'s own', file, noWrite: true };
  } catch (e) {
    return { miss: e.code === 'ENOENT' ? 'missing' : `unreadable (${e.code || e.message})`, file };
  }
  let fd;
  try {
    fd = openSync(file, 'r');
  } catch (e) {
    return { miss: e.code === 'ENOENT' ? 'missing' : `unreadable (${e.code || e.message})`, file };
  }
  let wire, code;
  try {
    const st = fstatSync(fd);
    if (!st.isFile() || !ownedByUs(st)) return { miss: 'the file is not the user\'s own', file, noWrite: true };
    const head = Buffer.alloc(HEADER);
    if (st.size < HEADER || readSync(fd, head, 0, HEADER, 0) !== HEADER || !head.subarray(0, MAGIC.length).equals(MAGIC))
      return { miss: 'corrupt (header)', file, damaged: true };
    const wireLength = head.readUInt32LE(MAGIC.length), codeLength = head.readUInt32LE(MAGIC.length + 4);
    if (st.size !== HEADER + wireLength + codeLength) return { miss: 'corrupt (length)', file, damaged: true };
    // Each part in an ArrayBuffer of its own, as V8 takes them.
    wire = new Uint8Array(wireLength);
    code = new ArrayBuffer(codeLength);
    const codeBytes = new Uint8Array(code);
    if (readSync(fd, wire, 0, wireLength, HEADER) !== wireLength || readSync(fd, codeBytes, 0, codeLength, HEADER + wireLength) !== codeLength)
      return { miss: 'corrupt (short read)', file, damaged: true };
    const digest = createHash('sha256').update(wire).update(codeBytes).digest();
    if (!digest.equals(head.subarray(MAGIC.length + 8))) return { miss: 'corrupt (digest)', file, damaged: true };
  } catch (e) {
    return { miss: `unreadable (${e.code || e.message})`, file };
  } finally {
    closeSync(fd);
  }
  let module;
  try {
    setFlags(CODE_FLAGS);
    // Compiled after the flag: V8 parses %Name(...) only while --allow-natives-syntax is set.
    module = new Function('code', 'wire', 'return %DeserializeWasmModule(code, wire)')(code, wire);
  } catch {
    module = undefined;
  } finally {
    setFlags(DEFAULT_FLAGS);
  }
  if (!(module instanceof WebAssembly.Module)) return { miss: 'refused by V8', file, rejected: true };
  log(`used ${file}`);
  return { module, wire, file };
}

/**
 * Emscripten module options that instantiate the cached module instead of compiling the bytes
 * core.js carries (wasmBinary: the bytes, so core.js does not unpack its own copy). Should the
 * instance fail, the bytes are compiled as without a cache.
 */
export function cachedModuleOptions({ module, wire }) {
  return {
    wasmBinary: wire,
    instantiateWasm(imports, receive) {
      let instance;
      try {
        instance = new WebAssembly.Instance(module, imports);
      } catch {
        WebAssembly.instantiate(wire, imports).then((r) => receive(r.instance, r.module));
        return {};
      }
      receive(instance, module);
      return instance.exports;
    },
  };
}

/**
 * After a run that found no cache: marks a file V8 refused (never written again), removes a
 * damaged one, and starts the writer in the background (detached, its output discarded), or
 * waits for it under ALAB_CACHE=sync. Never throws.
 */
export function afterMiss(result) {
  const { file } = result;
  try {
    if (!file || result.noWrite) return log(`not used: ${result.miss}`);
    if (result.rejected) {
      writeFileSync(file.replace(/\.bin$/, '.rejected'), '', { mode: 0o600 });   // an empty mark
      unlinkSync(file);
      return log(`not used: ${result.miss}; not written again`);
    }
    if (result.damaged) unlinkSync(file);
    if (exists(file.replace(/\.bin$/, '.rejected'))) return log(`not used: ${result.miss}; V8 refused it before, not written again`);
    if (exists(`${file}.lock`)) return log(`not used: ${result.miss}; another process is writing it`);
    if (process.execArgv.some((arg) => DEBUGGING.test(arg))) return log(`not used: ${result.miss}; not written from a run under a debugger or profiler`);
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    accessSync(path.dirname(file), constants.W_OK);   // else a writer would fail each time
    const args = [...process.execArgv, WRITER];
    if ((process.env.ALAB_CACHE ?? '').toLowerCase() === 'sync') {
      const r = spawnSync(process.execPath, args, { stdio: 'ignore' });
      return log(`not used: ${result.miss}; ${r.status === 0 ? 'written' : `the writer failed (${r.status ?? r.signal})`}`);
    }
    const child = spawn(process.execPath, [...args, '--background'], { detached: true, stdio: 'ignore' });
    child.on('error', () => { /* no cache then */ });
    child.unref();
    log(`not used: ${result.miss}; writing it in the background`);
  } catch (e) {
    log(`not used: ${result.miss}; not written (${e.code || e.message})`);
  }
}

function exists(p) {
  try {
    statSync(p);
    return true;
  } catch {
    return false;
  }
}

// The writer's niceness: it runs beside whatever the user does next. On Linux a thread's own
// (V8's compiler threads exist already); elsewhere the process's.
function lowerPriority() {
  let tids = [0];
  try { tids = readdirSync('/proc/self/task').map(Number); } catch { /* not Linux */ }
  for (const tid of tids) try { os.setPriority(tid, 19); } catch { /* keep it */ }
}

// Takes the writer's lock (a file made exclusively; one older than 10 minutes is a crashed
// writer's), or returns false when another writer holds it.
function lock(file) {
  for (let tries = 0; tries < 2; ++tries) {
    try {
      closeSync(openSync(`${file}.lock`, 'wx', 0o600));
      return true;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(`${file}.lock`).mtimeMs < 10 * 60 * 1000) return false;
        unlinkSync(`${file}.lock`);
      } catch { /* gone meanwhile: try again */ }
    }
  }
  return false;
}

// Old files: the KEEP newest cache files stay, with their markers; temporary files and locks
// older than an hour (a crashed writer's) go.
function tidy(dir, keep) {
  const now = Date.now();
  const entries = [];
  for (const name of readdirSync(dir)) {
    try {
      const p = path.join(dir, name), st = statSync(p);
      if (/^core-[0-9a-f]{32}\.bin$/.test(name) && p !== keep) entries.push({ p, t: st.mtimeMs });
      else if (/^core-[0-9a-f]{32}\.(bin\.\d+\.tmp|bin\.lock)$/.test(name) && now - st.mtimeMs > 3600 * 1000) unlinkSync(p);
    } catch { /* removed meanwhile */ }
  }
  entries.sort((a, b) => b.t - a.t);
  for (const { p } of entries.slice(KEEP - 1)) try { unlinkSync(p); } catch { /* removed meanwhile */ }
}

/**
 * The writer (node tools/core-cache.mjs [--background]): compiles core.js's module, writes the
 * cache file; at the lowest priority when started in the background.
 */
async function writeCodeCache() {
  if (process.argv.includes('--background')) lowerPriority();
  const { coreModulePath, loadFactory } = await import('./core-loader.mjs');
  const corePath = coreModulePath();
  if (!corePath || !cacheEnabled()) return false;
  const file = cacheFile(corePath);
  const dir = path.dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!ownedByUs(statSync(dir)) || !lock(file)) return false;
  try {
    // The module's bytes as core.js hands them to Emscripten's glue (unpacked).
    const wire = await new Promise((resolve) => {
      loadFactory(corePath)({ instantiateWasm() { resolve(new Uint8Array(this.wasmBinary)); return {}; } });
    });
    setFlags(CODE_FLAGS);
    const serialize = new Function('module', 'return %SerializeWasmModule(module)');
    const deserialize = new Function('code', 'wire', 'return %DeserializeWasmModule(code, wire)');
    const buffer = serialize(new WebAssembly.Module(wire));
    // What the reader will do, here first: a file this V8 refuses is not written.
    if (!(deserialize(buffer, wire) instanceof WebAssembly.Module)) return false;
    const code = new Uint8Array(buffer);
    const head = Buffer.alloc(HEADER);
    MAGIC.copy(head);
    head.writeUInt32LE(wire.length, MAGIC.length);
    head.writeUInt32LE(code.length, MAGIC.length + 4);
    createHash('sha256').update(wire).update(code).digest().copy(head, MAGIC.length + 8);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([head, wire, code]), { mode: 0o600 });
    renameSync(tmp, file);
    tidy(dir, file);
    return true;
  } finally {
    try { unlinkSync(`${file}.lock`); } catch { /* gone */ }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === WRITER) {
  try {
    process.exitCode = (await writeCodeCache()) ? 0 : 1;
  } catch {
    process.exitCode = 1;
  }
}
