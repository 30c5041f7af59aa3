// The module the node tests load is the one the page ships: dist/core.js is a byte-for-byte
// copy of build/wasm/core.js, and it loads and computes on its own too.
import test from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { root, toolEnv } from './helpers.mjs';

const built = path.join(root, 'build/wasm/core.js');
const shipped = path.join(root, 'dist/core.js');

test('dist/core.js is the module the tests check', { skip: !existsSync(shipped) && 'dist/ is not built (npm test builds it first)' }, () => {
  assert.ok(readFileSync(shipped).equals(readFileSync(built)), 'dist/core.js differs from build/wasm/core.js: run npm run build');
});

test('the shipped dist/core.js answers the tool by itself', { skip: !existsSync(shipped) && 'dist/ is not built' }, () => {
  const r = spawnSync(process.execPath, [path.join(root, 'tools/alab.mjs')], {
    input: JSON.stringify({ op: 'activation', name: 'relu', x: [-1, 2] }), encoding: 'utf8', env: toolEnv({ ALAB_CORE: shipped }),
  });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { y: [0, 2], dy: [0, 1] });
});
