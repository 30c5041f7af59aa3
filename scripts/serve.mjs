#!/usr/bin/env node
// A small static file server for dist/ (node:http only): correct MIME types, GET/HEAD only,
// no directory listing, and no path may escape the root (404 otherwise). Used by `npm start`
// and by the browser tests (startServer({ port: 0 })). It is not a production server.
//
//   node scripts/serve.mjs [--port N] [--root dir]     (PORT env also sets the port)

import http from 'node:http';
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

function send(res, status, text) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff' });
  res.end(text);
}

// Maps a request URL to a file inside `root`, or null when it is outside or malformed.
async function resolveFile(root, url) {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(url, 'http://x').pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0')) return null;
  if (pathname.endsWith('/')) pathname += 'index.html';
  const candidate = path.resolve(root, `.${path.posix.normalize(pathname)}`);
  if (candidate !== root && !candidate.startsWith(root + path.sep)) return null;
  try {
    const real = await realpath(candidate);          // symlinks must stay inside too
    if (!real.startsWith(root + path.sep)) return null;
    const info = await stat(real);
    return info.isFile() ? { file: real, size: info.size } : null;
  } catch {
    return null;
  }
}

/**
 * Starts serving `root` (default dist/) on 127.0.0.1:`port` (0 picks a free port); resolves to
 * the http.Server. With `announce`, prints "Activation Lab: http://127.0.0.1:8080/".
 */
export async function startServer({ root = path.join(ROOT, 'dist'), port = 8080, host = '127.0.0.1', announce = false } = {}) {
  const base = await realpath(path.resolve(root));
  const server = http.createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return send(res, 405, 'Method not allowed\n');
    }
    const found = await resolveFile(base, req.url || '/');
    if (!found) return send(res, 404, 'Not found\n');
    const type = MIME[path.extname(found.file).toLowerCase()] || 'application/octet-stream';
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': found.size,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(found.file).on('error', () => res.destroy()).pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  if (announce) console.log(`Activation Lab: ${serverUrl(server)}`);
  return server;
}

/** The base URL of a started server, e.g. http://127.0.0.1:8080/ */
export function serverUrl(server) {
  const { address, port } = server.address();
  return `http://${address}:${port}/`;
}

function parseArgs(argv) {
  let port = process.env.PORT ? Number(process.env.PORT) : 8080;
  let root;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port' && i + 1 < argv.length) port = Number(argv[++i]);
    else if (argv[i].startsWith('--port=')) port = Number(argv[i].slice(7));
    else if (argv[i] === '--root' && i + 1 < argv.length) root = argv[++i];
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error('the port must be an integer from 0 to 65535');
  return { port, root };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const { port, root } = parseArgs(process.argv.slice(2));
    await startServer({ port, announce: true, ...(root ? { root } : {}) });
  } catch (e) {
    console.error(`serve: ${e.code === 'ENOENT' ? 'dist/ is missing: run npm run build first' : e.message}`);
    process.exit(1);
  }
}
