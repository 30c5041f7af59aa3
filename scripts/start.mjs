// start: builds what is missing or stale (incremental: a no-op build takes about a
// second) and serves dist/ on http://127.0.0.1:8080 (--port N or PORT changes it).
import { buildAll } from './build.mjs';
import { root } from './bootstrap.mjs';
import path from 'node:path';

const args = process.argv.slice(2);
const flag = args.indexOf('--port');
const port = Number(flag >= 0 ? args[flag + 1] : process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`start: bad port ${JSON.stringify(flag >= 0 ? args[flag + 1] : process.env.PORT)}`);
  process.exit(2);
}
try {
  await buildAll();
} catch (e) {
  console.error(`start: ${e.message}`);
  process.exit(1);
}
const { startServer } = await import('./serve.mjs');
await startServer({ root: path.join(root, 'dist'), port, announce: true });
