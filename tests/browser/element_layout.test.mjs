// <activation-lab> lays out by its own width, not the window's: in a 1280 px window, every
// panel in an element 400, 600 and 900 px wide keeps everything inside the element's box
// (content that scrolls sideways stays inside its scroll box), and its main chart gets a
// useful share of the width (the issue: at 600 px the Curves chart was 212 px wide and its
// card cut off, the Regions centre column overlapped its "Pick a point" card).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setup, elementFiles, DIST, ROOT } from './helpers.mjs';

const PANELS = ['curves', 'nonlinearity', 'playground', 'regions', 'gradflow', 'convergence', 'dead', 'speed', 'softmax'];
const WIDTHS = [400, 600, 900];

let env;
let dir;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'alab-sizes-'));
  for (const f of await elementFiles()) await copyFile(path.join(DIST, f), path.join(dir, f));
  await copyFile(path.join(ROOT, 'tests/browser/fixtures/sizes.html'), path.join(dir, 'index.html'));
  env = await setup({ root: dir });
});
after(async () => {
  await env?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

// Puts one element of `panel`, `width` px wide, on the stage; resolves once it is ready and
// every chart in it has drawn at its final size.
async function showPanel(page, panel, width) {
  await page.evaluate(([panel, width]) => {
    const e = document.createElement('activation-lab');
    e.setAttribute('panel', panel);
    e.style.width = `${width}px`;
    document.getElementById('stage').replaceChildren(e);
  }, [panel, width]);
  await page.waitForFunction(() => {
    const e = document.querySelector('#stage activation-lab');
    if (e.dataset.ready !== '1') return false;
    // Every chart (the canvases but the Playground's data set thumbnails and its neuron view's
    // pictures) drawn since the last resize (Chart.js sets the canvas's pixel width from its
    // box), or squeezed to no width at all, which Chart.js never draws and the test reports.
    return [...e.shadowRoot.querySelectorAll('canvas:not(.pg-thumb):not(.pg-nv-net canvas)')].every((c) => {
      const w = c.getBoundingClientRect().width;
      return w === 0 || (Number(c.dataset.drawn) > 0 && Math.abs(c.width / devicePixelRatio - w) < 1.5);
    });
  });
}

// Elements whose box sticks out of the element's box (left or right), skipping what lies in a
// scroll box or a clipping box inside the element (the box itself is checked).
function overflowing(page) {
  return page.evaluate(() => {
    const host = document.querySelector('#stage activation-lab');
    const box = host.getBoundingClientRect();
    const out = [];
    const walk = (node, clipped) => {
      for (const child of node.children) {
        const cs = getComputedStyle(child);
        if (cs.display === 'none') continue;
        const r = child.getBoundingClientRect();
        if (!clipped && r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5)) {
          out.push(`${child.tagName.toLowerCase()}.${String(child.className).replace(/ /g, '.')} spans ${Math.round(r.left - box.left)}..${Math.round(r.right - box.left)}`);
        }
        walk(child, clipped || cs.overflowX !== 'visible');
      }
    };
    walk(host.shadowRoot, false);
    const canvases = [...host.shadowRoot.querySelectorAll('canvas:not(.pg-nv-net canvas)')].map((c) => c.getBoundingClientRect().width);
    return { out, widest: Math.max(...canvases), box: box.width };
  });
}

for (const panel of PANELS) {
  test(`${panel}: an element 400, 600 and 900 px wide keeps its content inside and its chart wide enough`, async () => {
    const page = await env.newPage();
    await page.goto(`${env.base}index.html`);
    for (const width of WIDTHS) {
      await showPanel(page, panel, width);
      const { out, widest, box } = await overflowing(page);
      assert.equal(box, width);
      assert.deepEqual(out, [], `${panel} at ${width} px: ${out.length} boxes stick out`);
      // One column below 760 px: the main chart spans most of it. At 900 px two plots may
      // share a row (Why non-linearity), each still larger than a thumbnail.
      const least = width < 760 ? 0.6 * width : 280;
      assert.ok(widest >= least, `${panel} at ${width} px: the widest chart is ${Math.round(widest)} px (< ${least})`);
    }
    assert.deepEqual(page.problems, [], page.problems.join('\n'));
    await page.close();
  });
}

// A shadow root's rem is the host page's root font size: on a page with html { font-size:
// 62.5% } (10 px) the element's text and spacing shrank to five eighths. Its lengths in rem
// now follow its own 16 px frame, whatever the host's root size; the page itself keeps rem.
test('lengths in rem inside the element follow its 16 px frame, not the host page\'s root font size', async () => {
  const page = await env.newPage();
  await page.goto(`${env.base}index.html`);
  const sizes = [];
  for (const root of ['62.5%', '150%', '']) {
    await page.evaluate((r) => { document.documentElement.style.fontSize = r; }, root);
    await showPanel(page, 'curves', 900);
    sizes.push(await page.evaluate(() => {
      const shadow = document.querySelector('#stage activation-lab').shadowRoot;
      const px = (sel, prop) => parseFloat(getComputedStyle(shadow.querySelector(sel))[prop]);
      // .hint: font-size 0.82rem, margin-top 0.35rem in style.css.
      return { hint: px('.hint', 'fontSize'), gap: px('.hint', 'marginTop'), rootPx: parseFloat(getComputedStyle(document.documentElement).fontSize) };
    }));
  }
  assert.deepEqual(sizes.map((s) => s.rootPx), [10, 24, 16]);
  for (const s of sizes) {
    assert.ok(Math.abs(s.hint - 0.82 * 16) < 0.01, `hint text ${s.hint} px under a ${s.rootPx} px root`);
    assert.ok(Math.abs(s.gap - 0.35 * 16) < 0.01, `hint margin ${s.gap} px under a ${s.rootPx} px root`);
  }
  assert.deepEqual(page.problems, [], page.problems.join('\n'));
  await page.close();
});
