// bench: builds what is missing, then runs bench/run.mjs (peers side by side) and
// bench/first_chart.mjs (the page's first chart in headless Chromium) and bench/frames.mjs (long
// tasks and frame rate of the Regions and Playground panels). `--quick` shortens them.
import path from 'node:path';
import { ensureNodeModules, ensureSystem, root, run } from './bootstrap.mjs';
import { buildAll } from './build.mjs';

const quick = process.argv.includes('--quick');
try {
  ensureNodeModules();
  ensureSystem(['chromium']);
  await buildAll();
} catch (e) {
  console.error(`bench: ${e.message}`);
  process.exit(1);
}
const core = run(process.execPath, [path.join(root, 'bench/run.mjs'), ...process.argv.slice(2)]);
const page = run(process.execPath, [path.join(root, 'bench/first_chart.mjs'), '--runs', quick ? '3' : '9']);
const frames = run(process.execPath, [path.join(root, 'bench/frames.mjs'), '--frames', quick ? '120' : '300']);
process.exit(core || page || frames);
