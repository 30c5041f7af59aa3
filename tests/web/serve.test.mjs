// scripts/serve.mjs: the static server used by `npm start` and these tests serves dist/ with
// the right MIME types and never a file outside it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdtemp, mkdir, writeFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startServer, serverUrl } from '../../scripts/serve.mjs';

let dir;
let server;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'alab-serve-'));
  await mkdir(path.join(dir, 'site', 'sub'), { recursive: true });
  await writeFile(path.join(dir, 'secret.txt'), 'secret');
  for (const f of ['index.html', 'app.js', 'style.css', 'core.wasm', 'logo.svg', 'shot.png', 'sub/index.html']) {
    await writeFile(path.join(dir, 'site', f), `content of ${f}`);
  }
  await symlink(path.join(dir, 'secret.txt'), path.join(dir, 'site', 'link.txt'));
  server = await startServer({ root: path.join(dir, 'site'), port: 0 });
});
after(async () => {
  await new Promise((r) => server.close(r));
  await rm(dir, { recursive: true, force: true });
});

// Raw request, so paths like /../x reach the server unnormalised.
function get(p, method = 'GET') {
  const { port } = server.address();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: p, method }, (res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('files are served with their MIME types; / serves index.html', async () => {
  assert.match(serverUrl(server), /^http:\/\/127\.0\.0\.1:\d+\/$/);
  const cases = { '/': 'text/html', '/app.js': 'text/javascript', '/style.css': 'text/css', '/core.wasm': 'application/wasm',
    '/logo.svg': 'image/svg+xml', '/shot.png': 'image/png', '/sub/': 'text/html', '/index.html?panel=x#y': 'text/html' };
  for (const [p, type] of Object.entries(cases)) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.ok(r.type.startsWith(type), `${p}: ${r.type}`);
  }
});

test('paths escaping the root, symlinks out of it, directories and missing files give 404', async () => {
  for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/sub/../../secret.txt', '/link.txt',
    '/sub', '/missing.js', '/%00', '/%E0%A4%A']) {
    const r = await get(p);
    assert.equal(r.status, 404, p);
    assert.doesNotMatch(r.body, /secret/);
  }
});

test('only GET and HEAD are allowed', async () => {
  assert.equal((await get('/', 'POST')).status, 405);
  const head = await get('/app.js', 'HEAD');
  assert.equal(head.status, 200);
  assert.equal(head.body, '');
});
