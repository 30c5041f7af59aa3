// bench: builds what is missing, then runs bench/run.mjs (peers side by side).
import path from 'node:path';
import { ensureNodeModules, root, run } from './bootstrap.mjs';
import { buildAll } from './build.mjs';

try {
  ensureNodeModules();
  await buildAll({ wasmOnly: true });
} catch (e) {
  console.error(`bench: ${e.message}`);
  process.exit(1);
}
process.exit(run(process.execPath, [path.join(root, 'bench/run.mjs'), ...process.argv.slice(2)]));
