// The page's weight budgets (scripts/page-size.mjs; the README states both numbers): every
// panel's first view (the HTML page, app.js, core.js, style.css and the panel's chunk) at most
// FIRST_VIEW_BUDGET_GZIP gzipped (-9), and all of dist/ at most DIST_BUDGET_GZIP. A size
// check, so it is deterministic: the same dist/ always gives the same bytes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST_BUDGET_GZIP, FIRST_VIEW_BUDGET_GZIP, describePageSize, firstViews, pageSize } from '../../scripts/page-size.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
// The panels, from their folders: each is a chunk of its own.
const panels = readdirSync(path.join(root, 'web/src/panels')).filter((n) => statSync(path.join(root, 'web/src/panels', n)).isDirectory()).sort();

test('dist/ holds the page and one chunk per panel, and weighs no more than its budget, gzipped', () => {
  assert.ok(existsSync(path.join(dist, 'app.js')), 'dist/ is not built (npm test builds it first)');
  const size = pageSize(dist);
  assert.ok(panels.length >= 10, panels.join());
  assert.deepEqual(size.files.map((f) => f.name),
    ['app.js', 'core.js', 'embed.html', 'index.html', ...panels.map((p) => `panel-${p}.js`), 'style.css']);
  assert.ok(size.gzip <= DIST_BUDGET_GZIP, `over budget by ${size.gzip - DIST_BUDGET_GZIP} bytes: ${describePageSize(size)}`);
});

test('the first view of every panel weighs no more than its budget, gzipped', () => {
  const size = pageSize(dist);
  const views = firstViews(size);
  assert.deepEqual(views.map((v) => v.panel), panels);
  const gz = Object.fromEntries(size.files.map((f) => [f.name, f.gzip]));
  for (const v of views) {
    // counted by hand here: the larger HTML page, the frame's three files and the chunk
    const sum = Math.max(gz['index.html'], gz['embed.html']) + gz['app.js'] + gz['core.js'] + gz['style.css'] + gz[`panel-${v.panel}.js`];
    assert.equal(v.gzip, sum, v.panel);
    assert.ok(v.gzip <= FIRST_VIEW_BUDGET_GZIP, `${v.panel}: over budget by ${v.gzip - FIRST_VIEW_BUDGET_GZIP} bytes: ${describePageSize(size)}`);
  }
});

test('the README states both budgets', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  for (const budget of [FIRST_VIEW_BUDGET_GZIP, DIST_BUDGET_GZIP]) {
    assert.match(readme, new RegExp(`${budget / 1000} KB`), `README.md should name the ${budget / 1000} KB budget`);
  }
});

test('app.js and the chunks are UTF-8 with a byte order mark, so a host page of another encoding reads their Chinese right', () => {
  for (const name of ['app.js', ...panels.map((p) => `panel-${p}.js`)]) {
    const bytes = readFileSync(path.join(dist, name));
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], name);
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  }
  const text = new TextDecoder('utf-8').decode(readFileSync(path.join(dist, 'app.js')));
  assert.ok(text.includes('激活函數'), 'the Chinese strings are stored as characters');
  const regions = new TextDecoder('utf-8').decode(readFileSync(path.join(dist, 'panel-regions.js')));
  assert.ok(regions.includes('線性區域'), 'a chunk carries its Chinese words as characters');
});
