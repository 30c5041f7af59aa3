// Checkbox lists (kit/fields.js checkList) keep every box the same size and no label runs
// into another, whatever the label's length: in the lesson's presenter view (the Gradient
// flow and Convergence sidebars of steps 2 and 4, after Run) and on the panels themselves,
// at 1280 and 390 px, in both languages. (The issue: a label that wrapped squeezed its
// checkbox, and at 390 px "Hardtanh" ran into the next box.)

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { browserSuite, waitReady } from './helpers.mjs';

let env;
browserSuite((s) => ({ env } = s));

// Every checkbox's size, and each label's box and its text's extent (a Range measures text that
// overflows its box too), for the lists under `scope`.
function measure(page, scope) {
  return page.$$eval(`${scope} .checks .check`, (labels) => labels.map((label) => {
    const box = label.querySelector('input').getBoundingClientRect();
    const range = document.createRange();
    range.selectNodeContents(label.querySelector('span'));
    const text = range.getBoundingClientRect();
    const r = (b) => ({ left: b.left, right: b.right, top: b.top, bottom: b.bottom, width: b.width, height: b.height });
    return { name: label.textContent, box: r(box), text: r(text) };
  }));
}

const overlap = (a, b) => a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5;

function checkLayout(items, where) {
  assert.ok(items.length >= 6, `${where}: ${items.length} checkboxes`);
  const { width, height } = items[0].box;
  assert.ok(width >= 12 && height >= 12, `${where}: boxes ${width} x ${height} px`);
  for (const it of items) {
    assert.ok(Math.abs(it.box.width - width) < 0.5 && Math.abs(it.box.height - height) < 0.5,
      `${where}: the box of ${it.name} is ${it.box.width} x ${it.box.height} px, the first ${width} x ${height}`);
  }
  // No label's text covers another label's box or text.
  for (const a of items) {
    for (const b of items) {
      if (a === b) continue;
      assert.ok(!overlap(a.text, b.box) && !overlap(a.text, b.text), `${where}: the text of ${a.name} overlaps ${b.name}`);
    }
  }
}

for (const [step, panel] of [[2, 'gradflow'], [4, 'convergence']]) {
  for (const width of [1280, 390]) {
    test(`presenter view, step ${step} (${panel}) at ${width} px: every checkbox keeps its size, no label overlaps another`, async () => {
      const page = await env.newPage();
      await page.setViewportSize({ width, height: 800 });
      await page.goto(`${env.base}index.html#panel=lesson&step=${step}&present=1&lang=en`);
      await waitReady(page);
      await page.waitForSelector(`.panel-lesson.present[data-lesson-step="${step}"][data-lesson-state="predict"]`);
      await page.check('.ls-answer input[value="1"]');
      await page.click('.ls-run');
      await page.waitForSelector('.panel-lesson[data-lesson-state="measured"]');
      checkLayout(await measure(page, '.ls-widget'), `step ${step}, ${width} px`);
      // The answers, enlarged for the room, keep their radio buttons at one size too.
      const radios = await page.$$eval('.ls-answer input', (rs) => rs.map((r) => r.getBoundingClientRect().width));
      assert.ok(radios.every((w) => Math.abs(w - radios[0]) < 0.5), `answers' radio buttons: ${radios}`);
      assert.deepEqual(page.problems, []);
      await page.close();
    });
  }
}

for (const [panel, key] of [['gradflow', 'gfact'], ['convergence', 'cvact']]) {
  for (const lang of ['en', 'zh']) {
    test(`${panel} at 390 px (${lang}): every checkbox keeps its size, no label overlaps another`, async () => {
      const page = await env.newPage();
      await page.setViewportSize({ width: 390, height: 800 });
      await page.goto(`${env.base}index.html#panel=${panel}&lang=${lang}`);
      await waitReady(page);
      await page.waitForSelector(`.panel-${panel} input[name="${key}"]`);
      checkLayout(await measure(page, `.panel-${panel}`), `${panel} ${lang}`);
      assert.deepEqual(page.problems, []);
      await page.close();
    });
  }
}
