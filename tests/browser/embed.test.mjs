// embed.html in iframes on a tutorial page: it tells its parent its height, and the README's
// host-side snippet (run here exactly as README.md prints it) makes each iframe as tall as
// its document, again when the panel grows; compact=1 drops the intro; without the snippet
// the iframe keeps its own height and the panel works inside it.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setup, elementFiles, DIST, ROOT } from './helpers.mjs';

let env;
let dir;

/** The script of README.md's host-side snippet (the html block after the resize-snippet marker). */
async function readmeSnippet() {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const m = /<!-- resize-snippet[^>]*-->\s*```html\s*<script>([\s\S]*?)<\/script>\s*```/.exec(readme);
  if (!m) throw new Error('README.md has no resize-snippet block');
  return m[1];
}

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'alab-iframes-'));
  for (const f of [...await elementFiles(), 'embed.html']) await copyFile(path.join(DIST, f), path.join(dir, f));
  for (const f of ['iframes.html', 'iframe-plain.html']) await copyFile(path.join(ROOT, 'tests/browser/fixtures', f), path.join(dir, f));
  await copyFile(path.join(ROOT, 'tests/browser/fixtures/iframes.html'), path.join(dir, 'index.html'));
  await writeFile(path.join(dir, 'resize.js'), await readmeSnippet());
  env = await setup({ root: dir });
});
after(async () => {
  await env?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * Waits until iframe #id shows its panel, has posted its height (body[data-height-posted],
 * more than `above` if given) and is as tall as its document; returns the heights.
 */
async function fitted(page, id, above = 0) {
  await page.waitForFunction(([id, above]) => {
    const frame = document.getElementById(id);
    const doc = frame.contentDocument;
    if (!doc || !doc.body || doc.body.dataset.ready !== '1') return false;
    const posted = Number(doc.body.dataset.heightPosted);
    const height = doc.documentElement.getBoundingClientRect().height;
    return posted > above && Math.abs(posted - height) <= 1 && Math.abs(frame.clientHeight - posted) <= 1;
  }, [id, above]);
  return page.evaluate((id) => {
    const frame = document.getElementById(id);
    const doc = frame.contentDocument;
    return {
      frame: frame.clientHeight, document: doc.documentElement.getBoundingClientRect().height,
      posted: Number(doc.body.dataset.heightPosted), scroll: doc.scrollingElement.scrollHeight,
      intro: Boolean(doc.querySelector('.lead')), functions: doc.querySelectorAll('.fn-item').length,
    };
  }, id);
}

test('the README snippet makes each iframe as tall as its document, and again when it grows', async () => {
  const page = await env.newPage();
  await page.goto(`${env.base}iframes.html`);
  const full = await fitted(page, 'full');
  const compact = await fitted(page, 'compact');
  for (const [name, h] of Object.entries({ full, compact })) {
    assert.ok(Math.abs(h.frame - h.document) <= 2, `${name}: iframe ${h.frame} px, document ${h.document} px`);
    assert.ok(h.scroll <= h.frame + 1, `${name}: the document scrolls inside the iframe (${h.scroll} > ${h.frame})`);
    assert.ok(h.frame > 600, `${name}: ${h.frame} px is less than the panel`);
    assert.equal(h.functions, 1);
  }
  assert.equal(full.intro, true, 'embed.html shows the intro');
  assert.equal(compact.intro, false, 'compact=1 hides the intro');
  assert.ok(compact.document < full.document, `compact ${compact.document} px, full ${full.document} px`);

  // Adding functions adds cards: the document grows and the iframe follows.
  const frame = page.frameLocator('#full');
  for (const fn of ['elu', 'gelu', 'silu']) {
    await frame.locator('.add-fn select').selectOption(fn);
    await frame.locator(`.fn-card[data-fn="${fn}"]`).waitFor();
  }
  const grown = await fitted(page, 'full', full.posted);
  assert.equal(grown.functions, 4);
  assert.ok(grown.frame > full.frame, `the iframe did not grow (${grown.frame} px)`);
  assert.ok(Math.abs(grown.frame - grown.document) <= 2, `iframe ${grown.frame} px, document ${grown.document} px`);
  assert.ok(grown.scroll <= grown.frame + 1);
  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.close();
});

test('a host that asks again (activation-lab:get-height) gets the height at once', async () => {
  const page = await env.newPage();
  await page.goto(`${env.base}iframes.html`);
  const { posted } = await fitted(page, 'compact');
  const answer = await page.evaluate(() => new Promise((resolve) => {
    const frame = document.getElementById('compact');
    addEventListener('message', (e) => {
      if (e.source === frame.contentWindow && e.data && e.data.type === 'activation-lab:height') resolve(e.data);
    });
    frame.contentWindow.postMessage({ type: 'activation-lab:get-height' }, '*');
  }));
  assert.deepEqual(answer, { type: 'activation-lab:height', height: posted });
  await page.close();
});

test('without the snippet the iframe keeps its height and the panel works inside it', async () => {
  const page = await env.newPage();
  await page.goto(`${env.base}iframe-plain.html`);
  await page.waitForFunction(() => {
    const doc = document.getElementById('plain').contentDocument;
    return doc && doc.body && doc.body.dataset.ready === '1' && Number(doc.body.dataset.heightPosted) > 0;
  });
  const h = await page.evaluate(() => {
    const frame = document.getElementById('plain');
    const doc = frame.contentDocument;
    return { frame: frame.clientHeight, scroll: doc.scrollingElement.scrollHeight, heading: doc.querySelector('.panel-head h2').textContent };
  });
  assert.equal(h.frame, 500);
  assert.ok(h.scroll > 500, 'the panel scrolls inside the iframe');
  assert.match(h.heading, /Softmax：/);
  const frame = page.frameLocator('#plain');
  await frame.locator('.sm-add').click();
  await frame.locator('.sm-score:nth-child(4)').waitFor();
  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.close();
});
