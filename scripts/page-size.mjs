// The page's weight: every file of dist/ (what a browser may load for index.html, embed.html
// or <activation-lab>), raw and gzip -9, against the budget the README states. Used by
// build-web (prints it), tests/web/page_size.test.mjs (fails above the budget) and the bench.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The budget for the whole page: the sum of gzip -9 sizes of dist/'s files, in bytes. */
export const PAGE_BUDGET_GZIP = 300_000;

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

/** One line: "dist/ 312.4 KB gzip (app.js 160.1, core.js 125.0, ...), budget 300 KB". */
export function describePageSize(size, label = 'dist/') {
  const kb = (n) => (n / 1000).toFixed(1);
  const parts = size.files.map((f) => `${f.name} ${kb(f.gzip)}`).join(', ');
  return `${label} ${kb(size.gzip)} KB gzip (${parts}), budget ${kb(PAGE_BUDGET_GZIP)} KB`;
}
