// Shared helpers of the WASM tests: run tools/alab.mjs as a user would, load reference
// files, compare with the reference README's abs + rel rule.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tool = path.join(root, 'tools/alab.mjs');

// The tool's environment in the tests: without its code cache (ALAB_CACHE=0), which a run would
// otherwise read from the user's cache directory or write there in a process that outlives
// the test; tests/wasm/cli_cache.test.mjs tests the cache, in directories of its own.
export const toolEnv = (env = {}) => ({ ...process.env, ALAB_CACHE: '0', ...env });

/** Runs the tool with `request` (object or raw string) on stdin -> {status, json, stdout, stderr}. */
export function alab(request) {
  const input = typeof request === 'string' ? request : JSON.stringify(request);
  const r = spawnSync(process.execPath, [tool], { input, encoding: 'utf8', maxBuffer: 1 << 28, env: toolEnv() });
  let json = null;
  try {
    json = JSON.parse(r.stdout);
  } catch {}
  return { status: r.status, json, stdout: r.stdout, stderr: r.stderr };
}

export function referenceFiles(dir, prefix) {
  const full = path.join(root, 'tests/reference', dir);
  return readdirSync(full).filter((f) => f.startsWith(prefix) && f.endsWith('.json')).sort().map((f) => path.join(full, f));
}

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

export function num(v) {
  if (typeof v === 'number') return v;
  return { inf: Infinity, '-inf': -Infinity, nan: NaN }[v] ?? Number.NaN;
}

export function flat(v, out = []) {
  if (Array.isArray(v)) for (const e of v) flat(e, out);
  else out.push(num(v));
  return out;
}

export function close(got, ref, abs, rel) {
  if (Number.isNaN(ref)) return Number.isNaN(got);
  if (!Number.isFinite(ref)) return got === ref;
  return Math.abs(got - ref) <= abs + rel * Math.abs(ref);
}

/** Max |got - ref| over two nested arrays, and the first index that fails the rule. */
export function compare(got, ref, abs, rel) {
  // A field missing from the answer is a failure, not a NaN that matches a NaN.
  if (got === undefined || ref === undefined) return { maxDiff: Infinity, firstBad: 0, lengths: [got === undefined ? 'missing' : 'ok', ref === undefined ? 'missing' : 'ok'] };
  const g = flat(got), r = flat(ref);
  let maxDiff = 0, firstBad = -1;
  if (g.length !== r.length) return { maxDiff: Infinity, firstBad: 0, lengths: [g.length, r.length] };
  for (let i = 0; i < r.length; ++i) {
    if (Number.isFinite(r[i])) maxDiff = Math.max(maxDiff, Math.abs(g[i] - r[i]));
    if (firstBad < 0 && !close(g[i], r[i], abs, rel)) firstBad = i;
  }
  return { maxDiff, firstBad, got: g, ref: r };
}

// A net of the given layer sizes with weights and biases uniform in +-1/sqrt(fan-in), as torch's
// nn.Linear draws them, from a small seeded generator (the same net for the same seed).
export function seededNet(layers, seed) {
  let s = seed >>> 0;
  const rnd = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const weights = [], biases = [];
  for (let l = 0; l + 1 < layers.length; ++l) {
    const r = 1 / Math.sqrt(layers[l]);
    weights.push(Array.from({ length: layers[l + 1] }, () => Array.from({ length: layers[l] }, () => (2 * rnd() - 1) * r)));
    biases.push(Array.from({ length: layers[l + 1] }, () => (2 * rnd() - 1) * r));
  }
  return { weights, biases };
}
