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
// temporary file made anew (never through a link or into something already there) and renamed,
// readable and writable by its owner only; read only when the directory and the file belong
// to the user running the tool and no one else can write them, the file is a regular file
// (opened without blocking and checked before reading: a FIFO or a device there is never
// read), and the digest matches. Anything else (missing, truncated, corrupt, another owner,
// not a regular file, V8 refusing it) falls back to loading core.js as without a cache; a
// damaged file is replaced, one V8 refuses gives way to an empty mark (.rejected) and is not
// written again for a day (REJECTED_MS: then the mark is removed and the file written once
// more, so that one refusal, e.g. in a home directory shared by machines with other CPUs, does
// not turn the cache off there for good); something that is not a regular file is left as it
// is and not written over.
//
// One writer at a time: the run that found no cache takes the lock <file>.lock and starts the
// writer only then; the writer releases it when done. The lock is a directory holding one empty
// file, <pid>.<token>: the holder's process id and a random token of its own (see takeLock).
// It is put in place whole, by renaming a directory made for it, which succeeds only where
// there is no lock or an empty directory, so of runs started together one only gets it. A lock
// whose process is gone, or older than LOCK_STALE_MS, is a crashed writer's and is taken over
// by removing its holder's file by name: a name no other lock has, so of several taking it
// over one only removes it, and a lock made meanwhile is never removed. While a live one is
// there no writer is started. What this guarantees: no two processes hold the lock at once,
// except that a writer still running LOCK_STALE_MS after taking it has it taken over (it then
// releases only its own file). A writer that finds a whole file already there (written by
// another meanwhile) compiles nothing. The writer's exit status: 0 written, 3 already there,
// 1 not written.
//
// Where: $ALAB_CACHE_DIR, else $XDG_CACHE_HOME/activation-lab, else ~/.cache/activation-lab,
// else <tmpdir>/activation-lab-<uid>. ALAB_CACHE unset, empty, 1 or on: the cache is used;
// 0 or off: it is off; sync: a run that writes the cache waits for the writer (to prepare it,
// e.g. in an image build); any other value turns it off too (an unknown word is not taken for
// a yes). ALAB_CACHE_LOG=1 writes one line on stderr saying what the cache did, or why it is
// off. Used with V8 11 only (node 20; measured there), and not when node's flags choose V8's
// WebAssembly compilers themselves (the tool then runs the core as told).
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  accessSync, constants, closeSync, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmdirSync, statSync,
  unlinkSync, writeSync,
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
// Flags of node's command line that choose V8's WebAssembly compilers, or that the cache would
// override: the user's choice wins (see userWasmFlag).
const USER_FLAGS = /^--(no[-_])?(liftoff|wasm[-_]|allow[-_]natives[-_]syntax)/;
// node's debugging and profiling options: a run with them reads the cache but starts no
// writer (a writer with the same command line would wait for a debugger or write a profile).
const DEBUGGING = /^--(inspect|debug|cpu-prof|heap-prof|prof)/;
// node's options as given: on its command line and in NODE_OPTIONS (which the writer inherits).
const nodeArgs = (env = process.env) => [...process.execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/).filter(Boolean)];
/**
 * The first of node's options (its command line, NODE_OPTIONS) that sets V8's WebAssembly
 * compilers (--liftoff..., --wasm-..., their --no- forms) or --allow-natives-syntax, or
 * undefined: with one the tool runs the core as told (no cache, no tiering of its own).
 */
export function userWasmFlag(env = process.env) {
  return nodeArgs(env).find((arg) => USER_FLAGS.test(arg));
}
const KEEP = 4;   // cache files kept (other builds of the core, other nodes)
// A writer's lock older than this is a crashed writer's whatever process id it names (the id
// may have been given to another process since). A writer takes about a second, ten at the
// lowest priority on a busy machine.
const LOCK_STALE_MS = 10 * 60 * 1000;
// A mark of a file V8 refused keeps the file from being written again for this long.
const REJECTED_MS = 24 * 3600 * 1000;
const { O_RDONLY, O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_NONBLOCK } = constants;
// Opening a path of the cache's directory to read it: a FIFO opens at once (no writer needed),
// a link to one too; what was opened is then checked with fstat before a byte is read.
const READ = O_RDONLY | O_NONBLOCK;
// Making a file there: a new one only, never through a link or into a FIFO already there.
const CREATE = O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW;

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

/** ALAB_CACHE: 'on', 'sync', 'off', or null for a value that is none of them (the cache off). */
export function cacheSetting(env = process.env) {
  const setting = (env.ALAB_CACHE ?? '').trim().toLowerCase();
  if (['', '1', 'on', 'true', 'yes'].includes(setting)) return 'on';
  if (['0', 'off', 'false', 'no'].includes(setting)) return 'off';
  if (setting === 'sync') return 'sync';
  return null;
}

/**
 * Whether this run may use the cache at all: on, V8 11, no WebAssembly flags of the user's.
 * When not, says why on the log line.
 */
export function cacheEnabled(env = process.env) {
  const setting = cacheSetting(env);
  let off = null;
  if (setting === 'off') off = `ALAB_CACHE=${env.ALAB_CACHE}`;
  else if (setting === null) off = `ALAB_CACHE=${JSON.stringify(env.ALAB_CACHE)} is none of 0, 1, sync`;
  else if (!process.versions.node.startsWith('20.') || !process.versions.v8.startsWith('11.')) off = `made for node 20 (V8 11), this is node ${process.versions.node} (V8 ${process.versions.v8})`;
  else {
    const flag = userWasmFlag(env);
    if (flag) off = `node's command line sets V8's WebAssembly flags: ${flag}`;
  }
  if (off) log(`off (${off})`);
  return !off;
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
    const st = statSync(path.dirname(file));
    if (!st.isDirectory()) return { miss: 'the directory is not a directory', file, noWrite: true };
    if (!ownedByUs(st)) return { miss: 'the directory is not the user\'s own', file, noWrite: true };
  } catch (e) {
    return { miss: e.code === 'ENOENT' ? 'missing' : `unreadable (${e.code || e.message})`, file };
  }
  const parts = readParts(file);
  if (parts.miss) return { ...parts, file };
  const { wire, code } = parts;
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

// What kind of thing a stat describes, for the log.
function kind(st) {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isDirectory()) return 'a directory';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

// The two parts of a cache file, {wire, code} (each in an ArrayBuffer of its own, as V8 takes
// them), once it is seen to be a regular file of the user's own, whole, with its digest; else
// {miss: reason} (damaged: a file to write again; noWrite: something not to write over).
// Opened without blocking and checked before reading. Never throws.
function readParts(file) {
  let fd;
  try {
    fd = openSync(file, READ);
  } catch (e) {
    return { miss: e.code === 'ENOENT' ? 'missing' : `unreadable (${e.code || e.message})` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { miss: `not a regular file (${kind(st)}), left as it is`, noWrite: true };
    if (!ownedByUs(st)) return { miss: 'the file is not the user\'s own', noWrite: true };
    const head = Buffer.alloc(HEADER);
    if (st.size < HEADER || readSync(fd, head, 0, HEADER, 0) !== HEADER || !head.subarray(0, MAGIC.length).equals(MAGIC))
      return { miss: 'corrupt (header)', damaged: true };
    const wireLength = head.readUInt32LE(MAGIC.length), codeLength = head.readUInt32LE(MAGIC.length + 4);
    if (st.size !== HEADER + wireLength + codeLength) return { miss: 'corrupt (length)', damaged: true };
    const wire = new Uint8Array(wireLength);
    const code = new ArrayBuffer(codeLength);
    const codeBytes = new Uint8Array(code);
    if (readSync(fd, wire, 0, wireLength, HEADER) !== wireLength || readSync(fd, codeBytes, 0, codeLength, HEADER + wireLength) !== codeLength)
      return { miss: 'corrupt (short read)', damaged: true };
    const digest = createHash('sha256').update(wire).update(codeBytes).digest();
    if (!digest.equals(head.subarray(MAGIC.length + 8))) return { miss: 'corrupt (digest)', damaged: true };
    return { wire, code };
  } catch (e) {
    return { miss: `unreadable (${e.code || e.message})` };
  } finally {
    closeSync(fd);
  }
}

/**
 * Emscripten module options that instantiate the cached module instead of compiling the bytes
 * core.js carries (wasmBinary: the bytes, so core.js does not unpack its own copy): {options,
 * failed}. Should the instance fail, the bytes are compiled as without a cache; should that
 * fail too, `failed` rejects with its error (Emscripten's glue has no way to be told; the
 * caller races it with the module's promise, so the error reaches its usual error answer).
 */
export function cachedModuleOptions({ module, wire }) {
  let fail;
  const failed = new Promise((resolve, reject) => { fail = reject; });
  const options = {
    wasmBinary: wire,
    instantiateWasm(imports, receive) {
      let instance;
      try {
        instance = new WebAssembly.Instance(module, imports);
      } catch {
        WebAssembly.instantiate(wire, imports).then((r) => receive(r.instance, r.module), fail);
        return {};
      }
      receive(instance, module);
      return instance.exports;
    },
  };
  return { options, failed };
}

/**
 * After a run that found no cache: marks a file V8 refused (never written again); else takes
 * the writer's lock and starts the writer, in the background (detached, its output discarded),
 * or waits for it under ALAB_CACHE=sync; no writer while another holds a live lock. A damaged
 * file is left for the writer to replace. Never throws.
 */
export function afterMiss(result) {
  const { file } = result;
  const lockPath = `${file}.lock`;
  let token = null;
  try {
    if (!file || result.noWrite) return log(`not used: ${result.miss}`);
    const mark = file.replace(/\.bin$/, '.rejected');
    if (result.rejected) {
      try { closeSync(openSync(mark, CREATE, 0o600)); } catch (e) { if (e.code !== 'EEXIST') throw e; }   // an empty mark
      unlinkSync(file);
      return log(`not used: ${result.miss}; not written again for a day`);
    }
    if (rejectedLately(mark)) return log(`not used: ${result.miss}; V8 refused it less than a day ago, not written again`);
    if (nodeArgs().some((arg) => DEBUGGING.test(arg))) return log(`not used: ${result.miss}; not written from a run under a debugger or profiler`);
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    accessSync(path.dirname(file), constants.W_OK);   // else a writer would fail each time
    token = takeLock(lockPath);
    if (token === null) return log(`not used: ${result.miss}; another process is writing it`);
    const sync = cacheSetting() === 'sync';
    const child = spawn(process.execPath, [...process.execArgv, WRITER, '--locked', token, ...(sync ? [] : ['--background'])], { detached: !sync, stdio: 'ignore' });
    if (!child.pid) {   // not started (the error event follows)
      child.on('error', () => { /* said below */ });
      return log(`not used: ${result.miss}; the writer did not start`);
    }
    child.on('error', () => { /* no cache then */ });
    if (!sync) child.unref();
    // The lock names the writer from now on (it outlives this run), which releases it when
    // done. Should the writer have released it already, there is nothing to rename.
    try { renameSync(path.join(lockPath, `${process.pid}.${token}`), path.join(lockPath, `${child.pid}.${token}`)); } catch { /* released */ }
    token = null;
    if (!sync) return log(`not used: ${result.miss}; writing it in the background`);
    child.on('exit', (status, signal) => {
      const what = status === 0 ? 'written' : status === 3 ? 'written meanwhile by another process' : `the writer failed (${status ?? signal})`;
      log(`not used: ${result.miss}; ${what}`);
    });
  } catch (e) {
    log(`not used: ${result.miss}; not written (${e.code || e.message})`);
  } finally {
    if (token !== null) releaseLock(lockPath, token);   // no writer started
  }
}

// Whether a mark of a file V8 refused is there and less than REJECTED_MS old; an older one is
// removed (the file is then written once more).
function rejectedLately(mark) {
  let st;
  try {
    st = lstatSync(mark);
  } catch {
    return false;
  }
  if (Date.now() - st.mtimeMs < REJECTED_MS) return true;
  try { unlinkSync(mark); } catch (e) { if (e.code !== 'ENOENT') throw e; }
  return false;
}

// The writer's niceness: it runs beside whatever the user does next. On Linux a thread's own
// (V8's compiler threads exist already); elsewhere the process's.
function lowerPriority() {
  let tids = [0];
  try { tids = readdirSync('/proc/self/task').map(Number); } catch { /* not Linux */ }
  for (const tid of tids) try { os.setPriority(tid, 19); } catch { /* keep it */ }
}

// The holder of a lock: {name, pid, age} (its file's name, the process id it names, 0 for a
// name not of the lock's form, and its age in ms); {name: null, pid: 0, age} for something
// not a directory in the lock's place (judged by its age); null when the lock is free (no
// lock, or an empty directory). Throws ENOENT when the holder is removed meanwhile.
function lockHolder(lockPath) {
  let st;
  try {
    st = lstatSync(lockPath);
  } catch (e) {
    if (e.code === 'ENOENT') return null;
    throw e;
  }
  if (!st.isDirectory()) return { name: null, pid: 0, age: Date.now() - st.mtimeMs };
  const [name] = readdirSync(lockPath);
  if (name === undefined) return null;
  const at = lstatSync(path.join(lockPath, name));
  const m = /^([1-9][0-9]{0,9})\.[0-9a-f]{16}$/.exec(name);
  return { name, pid: m ? Number(m[1]) : 0, age: Date.now() - at.mtimeMs };
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code !== 'ESRCH';   // EPERM: a process of another user's has that id now
  }
}

/**
 * Takes the writer's lock for this process: returns its token (the holder's file in the lock
 * is <pid>.<token>), or null when another holds it. The lock is made whole in a directory of
 * its own (<lock>.<token>.new) and renamed into place: that succeeds where there is no lock
 * or an empty directory (a free one), and fails on a holder's. A stale holder (its process
 * gone, or older than LOCK_STALE_MS) is removed by its file's name, which no other lock has:
 * of several taking it over, or its writer releasing it meanwhile, one only removes it, and a
 * lock put in place since is not touched (unlink never removes a directory, nor a name that
 * is not there). Something not a directory in the lock's place is removed once it is old.
 */
function takeLock(lockPath) {
  const token = randomBytes(8).toString('hex');
  const made = `${lockPath}.${token}.new`;
  const own = path.join(made, `${process.pid}.${token}`);
  mkdirSync(made, { mode: 0o700 });
  try {
    closeSync(openSync(own, CREATE, 0o600));
    for (let tries = 0; tries < 3; ++tries) {
      try {
        renameSync(made, lockPath);
        return token;
      } catch (e) {
        if (!['EEXIST', 'ENOTEMPTY', 'ENOTDIR', 'EPERM'].includes(e.code)) throw e;   // EPERM: Windows, onto any directory
      }
      let holder;
      try {
        holder = lockHolder(lockPath);
      } catch (e) {
        if (e.code === 'ENOENT') continue;   // released meanwhile: try again
        throw e;
      }
      if (!holder) {   // free: an empty directory (where renaming onto it fails) is removed, safely
        try { rmdirSync(lockPath); } catch { /* another's lock meanwhile, or gone */ }
        continue;
      }
      if ((!holder.pid || alive(holder.pid)) && holder.age < LOCK_STALE_MS) return null;
      removeHolder(lockPath, holder);
    }
    return null;
  } finally {
    try { unlinkSync(own); rmdirSync(made); } catch { /* renamed into place */ }
  }
}

// Removes a stale holder, as seen by lockHolder, by its name (see takeLock): false when it is
// gone already (removed by another, or released), leaving whatever lock is there now.
function removeHolder(lockPath, holder) {
  try {
    unlinkSync(holder.name === null ? lockPath : path.join(lockPath, holder.name));
    return true;
  } catch (e) {
    if (e.code === 'ENOENT' || e.code === 'EISDIR') return false;   // EISDIR: a lock put in its place since
    throw e;
  }
}

// Releases the lock taken with this token (its holder's file, under whichever process id it
// names), then removes the lock's directory if it is empty: an empty one is free, and one
// holding another's file (taken over since) is left.
function releaseLock(lockPath, token) {
  let names = [];
  try { names = readdirSync(lockPath); } catch { return; }
  for (const name of names) if (name.endsWith(`.${token}`)) try { unlinkSync(path.join(lockPath, name)); } catch { /* gone */ }
  try { rmdirSync(lockPath); } catch { /* another's, or gone */ }
}

// Writes a new file (never through a link, nor into a file or FIFO already there) and closes it.
function writeNew(p, bytes) {
  let fd;
  try {
    fd = openSync(p, CREATE, 0o600);
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
    unlinkSync(p);   // a crashed writer's, whose process id this one has now
    fd = openSync(p, CREATE, 0o600);
  }
  try {
    for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off, bytes.length - off);
  } finally {
    closeSync(fd);
  }
}

// Old files: the KEEP newest cache files stay; temporary files, locks being made and lock
// files of an earlier version older than an hour (a crashed writer's) go, and marks of refused
// files older than REJECTED_MS. (Locks of other files are taken over by their next run.)
function tidy(dir, keep) {
  const now = Date.now();
  const entries = [];
  for (const name of readdirSync(dir)) {
    try {
      const p = path.join(dir, name), st = lstatSync(p);
      if (/^core-[0-9a-f]{32}\.bin$/.test(name) && p !== keep) entries.push({ p, t: st.mtimeMs });
      else if (/^core-[0-9a-f]{32}\.bin\.(\d+\.tmp|lock|lock\.\d+\.stale)$/.test(name) && st.isFile() && now - st.mtimeMs > 3600 * 1000) unlinkSync(p);
      else if (/^core-[0-9a-f]{32}\.bin\.lock\.[0-9a-f]{16}\.new$/.test(name) && st.isDirectory() && now - st.mtimeMs > 3600 * 1000) {
        for (const inside of readdirSync(p)) unlinkSync(path.join(p, inside));
        rmdirSync(p);
      } else if (/^core-[0-9a-f]{32}\.rejected$/.test(name) && now - st.mtimeMs > REJECTED_MS) unlinkSync(p);
    } catch { /* removed meanwhile */ }
  }
  entries.sort((a, b) => b.t - a.t);
  for (const { p } of entries.slice(KEEP - 1)) try { unlinkSync(p); } catch { /* removed meanwhile */ }
}

// The lock's steps, for the tests (each process's view of a lock is made of them).
export const lockSteps = { lockHolder, removeHolder, takeLock, releaseLock };

/**
 * The writer (node tools/core-cache.mjs [--background] [--locked <token>]): compiles core.js's
 * module, writes the cache file; at the lowest priority when started in the background; under
 * the lock taken for it by the run that started it (--locked, with the lock's token), else
 * under one it takes itself.
 * Returns 0 (written), 3 (a whole file already there) or 1 (not written).
 */
async function writeCodeCache() {
  if (process.argv.includes('--background')) lowerPriority();
  const { coreModulePath, loadFactory } = await import('./core-loader.mjs');
  const corePath = coreModulePath();
  if (!corePath || !cacheEnabled()) return 1;
  const file = cacheFile(corePath);
  const dir = path.dirname(file);
  const lockPath = `${file}.lock`;
  const given = process.argv.indexOf('--locked');
  let token = given > 0 ? process.argv[given + 1] : null;
  if (token === null || !/^[0-9a-f]{16}$/.test(token)) {
    if (given > 0) return 1;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!ownedByUs(statSync(dir))) return 1;
    token = takeLock(lockPath);
    if (token === null) return 1;
  }
  try {
    if (!ownedByUs(statSync(dir))) return 1;
    // Written by another writer since the run that started this one looked (or something not
    // to write over put there).
    const there = readParts(file);
    if (!there.miss) return 3;
    if (there.noWrite) return 1;
    // The module's bytes as core.js hands them to Emscripten's glue (unpacked).
    const wire = await new Promise((resolve) => {
      loadFactory(corePath)({ instantiateWasm() { resolve(new Uint8Array(this.wasmBinary)); return {}; } });
    });
    setFlags(CODE_FLAGS);
    const serialize = new Function('module', 'return %SerializeWasmModule(module)');
    const deserialize = new Function('code', 'wire', 'return %DeserializeWasmModule(code, wire)');
    const buffer = serialize(new WebAssembly.Module(wire));
    // What the reader will do, here first: a file this V8 refuses is not written.
    if (!(deserialize(buffer, wire) instanceof WebAssembly.Module)) return 1;
    const code = new Uint8Array(buffer);
    const head = Buffer.alloc(HEADER);
    MAGIC.copy(head);
    head.writeUInt32LE(wire.length, MAGIC.length);
    head.writeUInt32LE(code.length, MAGIC.length + 4);
    createHash('sha256').update(wire).update(code).digest().copy(head, MAGIC.length + 8);
    const tmp = `${file}.${process.pid}.tmp`;
    try {
      writeNew(tmp, Buffer.concat([head, wire, code]));
      renameSync(tmp, file);
    } catch (e) {
      try { unlinkSync(tmp); } catch { /* not made */ }
      throw e;
    }
    tidy(dir, file);
    return 0;
  } finally {
    releaseLock(lockPath, token);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === WRITER) {
  try {
    process.exitCode = await writeCodeCache();
  } catch {
    process.exitCode = 1;
  }
}
