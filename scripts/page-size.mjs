// The page's weight, gzip -9, against the two budgets the README states:
// - a first view: what a browser loads to show one panel (the HTML page, app.js, core.js,
//   style.css and that panel's chunk panel-<id>.js), for every panel, at most
//   FIRST_VIEW_BUDGET_GZIP;
// - every file of dist/ together (all panels opened one after another), at most
//   DIST_BUDGET_GZIP.
// Used by build-web (prints it), tests/web/page_size.test.mjs (fails above a budget) and the bench.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The budget for one panel's first view: the sum of gzip -9 sizes of what it loads, in bytes. */
export const FIRST_VIEW_BUDGET_GZIP = 300_000;
/** The budget for the whole of dist/ (every panel's chunk included), in bytes. */
export const DIST_BUDGET_GZIP = 400_000;
/** The files every first view loads besides its HTML page and its panel's chunk. */
export const FRAME_FILES = ['app.js', 'core.js', 'style.css'];
const CHUNK = /^panel-([\w-]+)\.js$/;

/** {files: [{name, raw, gzip}], raw, gzip} for the files of `dir` (not recursive), by name. */
export function pageSize(dir) {
  const files = readdirSync(dir)
    .filter((name) => statSync(path.join(dir, name)).isFile())
    .sort()
    .map((name) => {
      const bytes = readFileSync(path.join(dir, name));
      return { name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    });
  return {
    files,
    raw: files.reduce((s, f) => s + f.raw, 0),
    gzip: files.reduce((s, f) => s + f.gzip, 0),
  };
}

/**
 * The first view of each panel in a pageSize() result: [{panel, files, gzip}], the larger of
 * the two HTML pages counted.
 */
export function firstViews(size) {
  const byName = new Map(size.files.map((f) => [f.name, f]));
  const html = Math.max(...['index.html', 'embed.html'].map((n) => byName.get(n)?.gzip ?? 0));
  const frame = FRAME_FILES.reduce((s, n) => s + (byName.get(n)?.gzip ?? 0), html);
  return size.files.filter((f) => CHUNK.test(f.name)).map((f) => ({
    panel: CHUNK.exec(f.name)[1], files: ['index.html', ...FRAME_FILES, f.name], gzip: frame + f.gzip,
  }));
}

/** Two lines: "dist/ 380.4 KB gzip (app.js 105.6, ...), budget 400 KB" and the largest first view. */
export function describePageSize(size, label = 'dist/') {
  const kb = (n) => (n / 1000).toFixed(1);
  const parts = size.files.map((f) => `${f.name} ${kb(f.gzip)}`).join(', ');
  const views = firstViews(size);
  const worst = views.reduce((a, b) => (b.gzip > a.gzip ? b : a), views[0] ?? { panel: '-', gzip: 0 });
  return `${label} ${kb(size.gzip)} KB gzip (${parts}), budget ${kb(DIST_BUDGET_GZIP)} KB\n`
    + `first view at most ${kb(worst.gzip)} KB gzip (panel ${worst.panel}), budget ${kb(FIRST_VIEW_BUDGET_GZIP)} KB`;
}
