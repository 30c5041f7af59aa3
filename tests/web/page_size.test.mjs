// The page's weight budget: every file of dist/ gzipped (-9) adds up to at most
// PAGE_BUDGET_GZIP (scripts/page-size.mjs; the README states the number). A size check, so it
// is deterministic: the same dist/ always gives the same bytes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PAGE_BUDGET_GZIP, describePageSize, pageSize } from '../../scripts/page-size.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');

test('dist/ holds the page and weighs no more than the budget, gzipped', () => {
  assert.ok(existsSync(path.join(dist, 'app.js')), 'dist/ is not built (npm test builds it first)');
  const size = pageSize(dist);
  assert.deepEqual(size.files.map((f) => f.name), ['app.js', 'core.js', 'embed.html', 'index.html', 'style.css']);
  assert.ok(size.gzip <= PAGE_BUDGET_GZIP, `over budget by ${size.gzip - PAGE_BUDGET_GZIP} bytes: ${describePageSize(size)}`);
});

test('the README states the budget', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  assert.match(readme, new RegExp(`${PAGE_BUDGET_GZIP / 1000} KB`), `README.md should name the ${PAGE_BUDGET_GZIP / 1000} KB budget`);
});

test('app.js is UTF-8 with a byte order mark, so a host page of another encoding reads its Chinese right', () => {
  const bytes = readFileSync(path.join(dist, 'app.js'));
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  assert.ok(text.includes('激活函數'), 'the Chinese strings are stored as characters');
});
