// Words the page builds from numbers read right in both languages: counts grouped by the
// language's rules and exponents as superscripts (the Regions theory view said "up to 1771561
// cells" and "exactly 2^4 = 16"), one of a thing in the singular (the Playground's CSV check
// said "lines 1 are not …"), and Chinese status lines separated by full-width commas.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, openPanel, PANEL_READY } from './helpers.mjs';

let env;
browserSuite((s) => ({ env } = s));

const THEORY = '.panel-regions[data-view="theory"][data-theory][data-saw]';

for (const lang of ['en', 'zh']) {
  test(`regions theory view (${lang}): the bound with digit grouping, the sawtooth's 2 to the L as a superscript`, async () => {
    const page = await openPanel(env, 'regions', 'rv=theory&rn=12', { lang, waitFor: THEORY });
    const th = JSON.parse(await page.$eval('.panel-regions', (s) => s.dataset.theory));
    const top = th.bound.reduce((a, b) => (BigInt(b) > BigInt(a) ? b : a));
    assert.equal(top, '1331', 'the largest bound at N = 12 (3 layers of 4: 11³)');
    const status = await page.$eval('.rg-view p[role="status"]', (p) => p.textContent);
    assert.ok(status.includes(lang === 'en' ? 'up to 1,331 cells' : '最多允許 1,331 個區域'), status);
    const saw = await page.$$eval('.rg-view p[aria-live="polite"]', (ps) => ps.map((p) => p.textContent).join(' '));
    assert.ok(saw.includes(lang === 'en' ? 'exactly 2⁴ = 16,' : '正好是 2⁴ = 16，'), saw);
    assert.doesNotMatch(`${status} ${saw}`, /\^|\{/);
    assert.deepEqual(page.problems, []);
    await page.close();
  });
}

test('regions (zh): the counts said to screen readers are separated by full-width commas', async () => {
  const page = await openPanel(env, 'regions', '', { lang: 'zh', waitFor: PANEL_READY.regions });
  await page.waitForFunction(() => document.querySelector('.rg-status').textContent !== '');
  const said = await page.$eval('.rg-status', (p) => p.textContent);
  assert.match(said, /^區域 \d+，仿射片段 \d+，隱藏神經元 \d+$/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('playground: one bad CSV line is named in the singular, several in the plural', async () => {
  const page = await openPanel(env, 'playground', 'ds=gaussian', { waitFor: PANEL_READY.playground });
  const check = async (text) => {
    await page.fill('.pg-csv', text);
    await page.click('.pg-csv-add');
    return page.textContent('.pg-own .field-error');
  };
  assert.equal(await check('1,2,9\n'), 'Not added: line 1 is not “x,y,label” with a label from 0 to 1. Fix it and try again.');
  assert.equal(await check('1,2,0\nfive,1,1\n3,3\n'), 'Not added: lines 2, 3 are not “x,y,label” with a label from 0 to 1. Fix them and try again.');
  assert.deepEqual(page.problems, []);
  await page.close();
});
