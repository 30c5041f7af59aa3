// The command-line tool always answers in its contract: the JSON answer and status 0, or
// {"error": "..."} and status 2, and nothing on stderr; only when stdout itself cannot be
// written does it say so in one line on stderr (status 1). Limits are refused up front.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { openSync, closeSync, mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root, alab, toolEnv, seededNet } from './helpers.mjs';

const tool = path.join(root, 'tools/alab.mjs');

function run(input, env = {}) {
  const r = spawnSync(process.execPath, [tool], { input, encoding: 'utf8', maxBuffer: 1 << 28, env: toolEnv(env) });
  let json = null;
  try { json = JSON.parse(r.stdout); } catch { /* checked by the caller */ }
  return { status: r.status, json, stdout: r.stdout, stderr: r.stderr };
}

function refused(r, pattern) {
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.equal(r.stderr, '', 'nothing on stderr');
  assert.ok(r.json && typeof r.json.error === 'string', `not an error answer: ${r.stdout.slice(0, 200)}`);
  assert.match(r.json.error, pattern);
  assert.equal(r.stdout.trim().split('\n').length, 1, 'one line of JSON');
}

test('an op must be a string: ["info"] is not info', () => {
  refused(alab({ op: ['info'] }), /unknown op/);
  refused(alab({ op: { toString: 'info' } }), /unknown op/);
});

test('"__proto__" is a parameter like any other, and unknown', () => {
  refused(alab('{"op":"activation","name":"relu","params":{"__proto__":1},"x":[1]}'), /__proto__/);
  refused(alab('{"op":"activation","name":"elu","params":{"__proto__":{"alpha":2}},"x":[1]}'), /__proto__/);
});

test('null is not "absent": steps, loss, lr, temperature and variant refuse it', () => {
  const base = { op: 'train', layers: [1, 1], weights: [[[0.5]]], biases: [[0]], x: [[1]], y: [1], steps: 1 };
  refused(alab({ ...base, steps: null }), /steps/);
  refused(alab({ ...base, loss: null }), /loss/);
  refused(alab({ ...base, lr: null }), /lr/);
  refused(alab({ op: 'softmax', x: [1, 2], temperature: null }), /temperature/);
  refused(alab({ op: 'softmax', x: [1, 2], variant: null }), /variant/);
  const ok = alab(base);
  assert.equal(ok.status, 0, ok.stdout);
});

test('an empty x names x, and a huge x without batch_size names the full-batch limit', () => {
  refused(alab({ op: 'train', layers: [1, 1], x: [], y: [], steps: 1 }), /at least one sample/);
  refused(alab({ op: 'forward', layers: [1, 1], weights: [[[1]]], biases: [[0]], x: [] }), /at least one sample/);
  const n = 2000000;
  const big = `{"op":"train","layers":[1,1],"steps":1,"x":[${'0.5,'.repeat(n - 1)}0.5],"y":[${'1,'.repeat(n - 1)}1]}`;
  const r = run(big);
  refused(r, /2000000 samples.*batch_size/);
  assert.doesNotMatch(r.json.error, /^'batch_size' must/);
});

test('a UTF-8 byte-order mark before the request is accepted', () => {
  const r = run('\ufeff{"op":"info"}');
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(r.json.tool, 'activation-lab');
});

test('nesting deeper than the limit is refused before anything recurses into it', () => {
  for (const depth of [3000, 100000]) {
    const x = `${'['.repeat(depth)}1${']'.repeat(depth)}`;
    refused(run(`{"op":"activation","name":"relu","x":${x}}`), /deeper than 64 levels/);
  }
  refused(run(`${'['.repeat(200000)}${']'.repeat(200000)}`), /deeper than 64 levels/);
  // Brackets inside strings are not nesting.
  const r = alab({ op: 'activation', name: 'relu', x: [1], note: '['.repeat(1000) });
  assert.equal(r.status, 0, r.stdout);
  // A string ends at a quote after an even number of backslashes: an escaped quote leaves
  // the string open (its brackets are text), an escaped backslash closes it (the brackets
  // after it are nesting).
  for (const note of ['\\"', '\\\\\\"', 'a\\"b\\\\\\"']) {
    const open = run(`{"op":"info","note":"${note}${'['.repeat(100)}"}`);
    assert.equal(open.status, 0, open.stdout);
  }
  for (const note of ['\\\\', 'a\\\\\\\\', '']) {
    refused(run(`{"op":"info","note":"${note}","x":${'['.repeat(65)}${']'.repeat(65)}}`), /deeper than 64 levels/);
    assert.equal(run(`{"op":"info","note":"${note}","x":${'['.repeat(63)}${']'.repeat(63)}}`).status, 0);
  }
});

test('a batch past the limit is refused at once, naming the limit', () => {
  const r = run(JSON.stringify(Array(170000).fill({ op: 'list' })));
  refused(r, /at most 10000 requests/);
  const small = run(JSON.stringify(Array(3).fill({ op: 'list' })), { ALAB_LIMIT_BATCH: '2' });
  refused(small, /at most 2 requests/);
});

test('an answer past the byte limit is refused as an error, not a crash', () => {
  const r = run(JSON.stringify(Array(50).fill({ op: 'list' })), { ALAB_LIMIT_ANSWER_BYTES: '100000' });
  refused(r, /larger than 100000 bytes/);
});

test('regions past the cell limit are refused with the limit named', () => {
  const n = 12;
  const W = Array.from({ length: n }, (_, i) => [Math.cos(i * 0.7), Math.sin(i * 1.3)]);
  const b = Array.from({ length: n }, (_, i) => ((i * 37) % 20) / 5 - 2);
  const req = { op: 'regions', weights: [W, [Array(n).fill(1)]], biases: [b, [0]], box: [-4, 4, -4, 4] };
  const full = alab(req);
  assert.equal(full.status, 0, full.stdout);
  assert.ok(full.json.pattern_regions > 20);
  refused(run(JSON.stringify(req), { ALAB_LIMIT_REGIONS: '20' }), /more than 20 regions/);
});

test('a closed stdout or a full disk gives one line on stderr and status 1', () => {
  const full = openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [tool], { input: JSON.stringify(Array(200).fill({ op: 'list' })), stdio: ['pipe', full, 'pipe'], encoding: 'utf8', env: toolEnv() });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /^alab: cannot write the answer to stdout \(ENOSPC\)\n$/);
  } finally {
    closeSync(full);
  }
  // A reader that goes away after 10 bytes: `alab < request | head -c 10` in a shell.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'alab-cli-'));
  try {
    writeFileSync(path.join(dir, 'request.json'), JSON.stringify(Array(3000).fill({ op: 'list' })));
    const r = spawnSync('bash', ['-c', '"$0" "$1" < "$2/request.json" 2> "$2/stderr" | head -c 10 > /dev/null; echo "${PIPESTATUS[0]}"',
      process.execPath, tool, dir], { encoding: 'utf8', env: toolEnv() });
    assert.equal(r.stdout.trim(), '1');
    assert.match(readFileSync(path.join(dir, 'stderr'), 'utf8'), /^alab: cannot write the answer to stdout \(EPIPE\)\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('invalid JSON and an empty stdin are error answers', () => {
  refused(run('{"op":'), /not valid JSON/);
  refused(run(''), /not valid JSON/);
});

test('a 2-1024-1 net (about 400,000 cells) is refused at the cell limit, not partitioned first', () => {
  // Before the lower bound on a layer's cells this ran for a minute and more (the answer
  // would have been refused at the end anyway); the limit names itself either way.
  const r = run(JSON.stringify({ op: 'regions', ...seededNet([2, 1024, 1], 7), box: [-4, 4, -4, 4] }));
  refused(r, /more than 200000 regions, the tool's limit/);
});

test('1-D regions past the interval limit are refused with the limit named', () => {
  // A sawtooth: each hidden layer holds relu(u) and relu(u - 1/2) of the tent map u before it,
  // 2^L intervals on [0, 1].
  const L = 12;
  const weights = [[[1], [1]]], biases = [[0, -0.5]];
  for (let l = 1; l < L; ++l) { weights.push([[2, -4], [2, -4]]); biases.push([0, -0.5]); }
  weights.push([[2, -4]]);
  biases.push([0]);
  const req = { op: 'regions', weights, biases, box: [0, 1] };
  const ok = run(JSON.stringify(req), { ALAB_LIMIT_REGIONS: String(2 ** L) });
  assert.equal(ok.status, 0, ok.stdout);
  assert.equal(ok.json.pattern_regions, 2 ** L);
  refused(run(JSON.stringify(req), { ALAB_LIMIT_REGIONS: String(2 ** L - 1) }), new RegExp(`more than ${2 ** L - 1} regions`));
});

test('a forward pass whose answer would pass the core\'s limit is refused before it runs', () => {
  const n = 5000, width = 4096;
  const req = `{"op":"forward","layers":[1,${width},1],"weights":[[${'[0.5],'.repeat(width - 1)}[0.5]],[[${'0.5,'.repeat(width - 1)}0.5]]],` +
    `"biases":[[${'0,'.repeat(width - 1)}0],[0]],"x":[${'0.25,'.repeat(n - 1)}0.25]}`;
  refused(run(req), /forward: the answer would hold \d+ numbers, more than 33554432/);
  const small = run(`{"op":"forward","layers":[1,2,1],"weights":[[[1],[-1]],[[1,1]]],"biases":[[0,0],[0]],"x":[${'0.25,'.repeat(n - 1)}-2]}`);
  assert.equal(small.status, 0, small.stdout);
  assert.deepEqual(small.json.outputs.at(-1), [2]);
});

test('segment and per_layer refuse bad input with status 2 and a message naming it', () => {
  const net2 = { weights: [[[1, 0], [0, 1]], [[1, 1]]], biases: [[0, 0], [0]] };
  const net1 = { weights: [[[1], [-1]], [[1, 1]]], biases: [[0.5, 0], [0]] };
  refused(run(JSON.stringify({ op: 'segment', ...net2, a: [0, 0] })), /segment: missing 'b'/);
  refused(run(JSON.stringify({ op: 'segment', ...net2, a: [0, 0, 1], b: [1, 1] })), /segment: 'a' must be a point of the input space, a list of 2 numbers/);
  refused(run(JSON.stringify({ op: 'segment', ...net2, a: [0, 0], b: 1 })), /segment: 'b' must be a point/);
  refused(run(JSON.stringify({ op: 'segment', ...net2, a: [0, 'inf'], b: [1, 1] })), /segment: 'a' must hold finite numbers/);
  refused(run(JSON.stringify({ op: 'segment', ...net2, a: [0, 'nan'], b: [1, 1] })), /finite numbers/);
  refused(run(JSON.stringify({ op: 'segment', ...net2, a: [0, 'x'], b: [1, 1] })), /not a number/);
  refused(run(JSON.stringify({ op: 'segment', ...net2, a: [0.5, 0.5], b: [0.5, 0.5] })), /same point/);
  refused(run(JSON.stringify({ op: 'segment', ...net1, a: [2], b: [2] })), /same point/);
  refused(run(JSON.stringify({ op: 'segment', weights: [[[1, 0, 1]], [[1]]], biases: [[0], [0]], a: [0, 0, 0], b: [1, 1, 1] })), /1 or 2 inputs/);
  refused(run(JSON.stringify({ op: 'segment', ...net2, activation: 'tanh', a: [0, 0], b: [1, 1] })), /curved|no linear regions/);
  refused(run(JSON.stringify({ op: 'segment', biases: net2.biases, a: [0, 0], b: [1, 1] })), /segment: 'weights'/);
  refused(run(JSON.stringify({ op: 'regions', ...net2, box: [-1, 1, -1, 1], per_layer: 'yes' })), /'per_layer' must be true or false/);
  refused(run(JSON.stringify({ op: 'regions', ...net2, box: [-1, 1, -1, 1], per_layer: null })), /'per_layer' must be true or false/);
  // A bare number is a 1-D point; the answers are JSON with t and pieces.
  const one = run(JSON.stringify({ op: 'segment', ...net1, a: -1, b: [1] }));
  assert.equal(one.status, 0, one.stdout);
  assert.deepEqual(one.json, { t: [0.25, 0.5], pieces: 3 });
  const two = run(JSON.stringify([{ op: 'segment', ...net2, a: [-1, -0.5], b: [1, 0.5] }, { op: 'info' }]));
  assert.equal(two.status, 0, two.stdout);
  assert.deepEqual(two.json[0], { t: [0.5], pieces: 2 });
});

test('a request holding more values than the limit is refused before it is parsed', () => {
  // 2^25 + 1 numbers in one array: V8 would abort the whole process (no JSON, status 133)
  // on an array past about 1.3e8 elements, so the count is checked on the text first.
  const n = 2 ** 25 + 1;
  refused(run(`{"op":"activation","name":"relu","x":[${'0,'.repeat(n - 1)}0]}`), /more than 33554432 values, the tool's limit/);
  // 1000 numbers and 2 more members: 1002 values.
  const req = `{"op":"activation","name":"relu","x":[${'-1,'.repeat(999)}2]}`;
  refused(run(req, { ALAB_LIMIT_VALUES: '1001' }), /more than 1001 values/);
  const ok = run(req, { ALAB_LIMIT_VALUES: '1002' });
  assert.equal(ok.status, 0, ok.stdout);
  assert.equal(ok.json.y.length, 1000);
  assert.equal(ok.json.y[999], 2);
  // Commas inside strings are not values.
  assert.equal(run(`{"op":"info","note":"${','.repeat(2000)}"}`, { ALAB_LIMIT_VALUES: '10' }).status, 0);
});

test('a batch of regions requests answers each as a request alone would', () => {
  // The core keeps a regions answer's text in its memory until its next call, and a single
  // request's answer is written from there; a batch copies each answer out first, so a
  // later request's text cannot overwrite an earlier one's.
  const net = (widths, seed) => {
    let s = seed;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648) * 2 - 1;
    const sizes = [2, ...widths, 1];
    const weights = sizes.slice(1).map((n, l) => Array.from({ length: n }, () => Array.from({ length: sizes[l] }, rnd)));
    const biases = sizes.slice(1).map((n) => Array.from({ length: n }, rnd));
    return { op: 'regions', weights, biases, box: [-2, 2, -2, 2] };
  };
  const big = net([12, 12], 7), small = net([3], 11);
  const alone = [big, small].map((q) => run(JSON.stringify(q)));
  for (const r of alone) assert.equal(r.status, 0, r.stdout);
  const batch = run(JSON.stringify([big, small, big]));
  assert.equal(batch.status, 0, batch.stdout);
  assert.equal(batch.stdout, `[${alone[0].stdout.trim()},${alone[1].stdout.trim()},${alone[0].stdout.trim()}]\n`);
  assert.ok(alone[0].json.pattern_regions > alone[1].json.pattern_regions);
});
