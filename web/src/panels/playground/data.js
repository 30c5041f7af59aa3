// The Playground's data controls: dataset picker with thumbnails, noise / test share / seed,
// and the reader's own points (class picker, add/remove mode, CSV paste, clear). It edits the
// URL state and the session's own points through the panel object `pg`; it draws no chart.

import { el, uid } from '../../kit/dom.js';
import { fmt } from '../../i18n.js';
import { CLASS_COLOURS } from '../../kit/heatmap.js';
import { CUSTOM_CLASSES, MAX_OWN_POINTS } from '../../kit/network_session.js';
import { parseDecimal } from '../../kit/numbers.js';
import { radioGroupKeys } from '../../kit/radio_group.js';

const THUMB = 56;

/**
 * Parses CSV lines "x,y,label" (2-D) or "x,y" (1-D: input, target). Blank lines, "#" comments
 * and a header line are skipped. Returns { x: number[] (flat), y: number[], bad: line numbers }.
 */
export function parseCsvPoints(text, { inputs, classes }) {
  const x = [];
  const y = [];
  const bad = [];
  const lines = String(text).split(/\r?\n/);
  lines.forEach((line, i) => {
    const s = line.trim();
    if (s === '' || s.startsWith('#')) return;
    const cells = s.split(/[,;\t ]+/).filter((c) => c !== '');
    const nums = cells.map((c) => parseDecimal(c) ?? NaN);
    if (i === 0 && nums.every((v) => Number.isNaN(v))) return;   // a header
    const want = inputs === 2 ? 3 : 2;
    const ok = nums.length === want && nums.every(Number.isFinite) &&
      (inputs === 1 || (Number.isInteger(nums[2]) && nums[2] >= 0 && nums[2] < classes));
    if (!ok) { bad.push(i + 1); return; }
    if (inputs === 2) { x.push(nums[0], nums[1]); y.push(nums[2]); } else { x.push(nums[0]); y.push(nums[1]); }
  });
  return { x, y, bad };
}

// Regression points of a thumbnail: a grey that reads on the light and the dark plane.
const THUMB_INK = '#8a8f98';

/**
 * Draws a dataset's training points into a small canvas (the picker's thumbnail) on a
 * transparent background: the stylesheet gives .pg-thumb the theme's plane colour.
 */
export function drawThumbnail(canvas, d) {
  const ctx = canvas.getContext('2d');
  const W = canvas.width;
  const H = canvas.height;
  ctx.clearRect(0, 0, W, H);
  const [x0, x1] = d.box;
  const set = d.train;
  let y0 = d.box[2];
  let y1 = d.box[3];
  if (d.inputs === 1) {
    y0 = Infinity; y1 = -Infinity;
    for (const v of set.y) { y0 = Math.min(y0, v); y1 = Math.max(y1, v); }
    const pad = (y1 - y0) * 0.15 || 1;
    y0 -= pad; y1 += pad;
  }
  for (let i = 0; i < set.n; i++) {
    const px = d.inputs === 2 ? set.x[2 * i] : set.x[i];
    const py = d.inputs === 2 ? set.x[2 * i + 1] : set.y[i];
    ctx.fillStyle = d.inputs === 2 ? CLASS_COLOURS[set.y[i] % CLASS_COLOURS.length] : THUMB_INK;
    ctx.fillRect(((px - x0) / (x1 - x0)) * W - 1, (1 - (py - y0) / (y1 - y0)) * H - 1, 2.2, 2.2);
  }
}

function slider(label, { min, max, step, value, format }, onCommit) {
  const id = uid('pg');
  const out = el('output', { for: id, class: 'pg-value', text: format(value) });
  const input = el('input', { id, type: 'range', min, max, step, value });
  input.addEventListener('input', () => { out.textContent = format(Number(input.value)); });
  input.addEventListener('change', () => onCommit(Number(input.value)));
  return el('div', { class: 'field pg-slider' },
    el('label', { for: id }, el('span', { text: label }), out), input);
}

// Each panel's thumbnails of its current noise and seed, kept once drawn: the controls are
// built again on every change (a layer removed from an 8 x 64 net: 5-9 ms of making data sets
// and drawing them), and a rebuild takes the canvases the last one left.
const thumbsOf = new WeakMap();   // pg -> { key, drawn: Map(name -> canvas) }

/** Builds the "Data" and "Your points" groups; returns { node, refreshOwn() }. */
export function buildDataControls(pg) {
  const { state, session } = pg;
  const { t } = pg.i18n;
  const node = el('div', { class: 'pg-data' });

  // ---- dataset picker
  const picker = el('fieldset', { class: 'group' }, el('legend', { text: t('pg.data') }));
  const tiles = el('div', { class: 'pg-tiles', role: 'radiogroup', 'aria-label': t('pg.dataset') });
  const names = [...pg.engine.datasets().map((d) => d.name), 'custom'];
  const key = `${state.noise} ${Math.round(state.seed)}`;
  if (thumbsOf.get(pg)?.key !== key) thumbsOf.set(pg, { key, drawn: new Map() });
  const thumbs = thumbsOf.get(pg);
  for (const name of names) {
    let c = thumbs.drawn.get(name);
    if (!c || c.isConnected) {
      c = el('canvas', { width: THUMB, height: THUMB, class: 'pg-thumb', 'aria-hidden': 'true' });
      thumbs.drawn.set(name, c);
      if (name !== 'custom') {
        try {
          drawThumbnail(c, pg.engine.makeDataset(name, { n: 160, noise: state.noise, seed: Math.round(state.seed), testFraction: 0 }));
        } catch { /* a thumbnail is decoration only */ }
      } else {
        drawThumbnail(c, { inputs: 2, box: pg.engine.dataBox(2), train: { x: [], y: [], n: 0 } });
        const g = c.getContext('2d');   // an empty plane with a "+": draw your own
        g.strokeStyle = THUMB_INK;
        g.lineWidth = 2;
        g.beginPath();
        g.moveTo(THUMB / 2, THUMB * 0.3); g.lineTo(THUMB / 2, THUMB * 0.7);
        g.moveTo(THUMB * 0.3, THUMB / 2); g.lineTo(THUMB * 0.7, THUMB / 2);
        g.stroke();
      }
    }
    tiles.append(el('button', {
      type: 'button', class: 'pg-tile', role: 'radio', 'aria-checked': String(name === state.ds), dataset: { ds: name },
      title: t(`pg.ds.${name}`), onclick: () => pg.chooseDataset(name),
    }, c, el('span', { text: t(`pg.ds.${name}`) })));
  }
  picker.append(tiles);
  radioGroupKeys(tiles);   // one Tab stop; arrow keys choose the next or previous data set
  const custom = state.ds === 'custom';
  if (!custom) {
    picker.append(
      slider(t('pg.noise'), { min: 0, max: 1, step: 0.05, value: state.noise, format: (v) => fmt(v, 2) }, (v) => pg.change({ noise: v })),
      slider(t('pg.split'), { min: 0, max: 0.9, step: 0.05, value: state.split, format: (v) => `${Math.round(v * 100)}%` }, (v) => pg.change({ split: v })));
    const seedId = uid('pg');
    const seedIn = el('input', { id: seedId, type: 'number', class: 'num', min: 0, max: 999999, step: 1, value: Math.round(state.seed), name: 'seed' });
    const seedMsg = el('p', { class: 'field-error', role: 'alert', hidden: true });
    seedIn.addEventListener('change', () => {
      const v = Number(seedIn.value);
      const ok = seedIn.value !== '' && Number.isInteger(v) && v >= 0 && v <= 999999;
      seedMsg.hidden = ok;
      seedMsg.textContent = ok ? '' : t('pg.seedError');
      seedIn.setAttribute('aria-invalid', String(!ok));
      if (ok) pg.change({ seed: v });
    });
    picker.append(el('div', { class: 'field pg-row' },
      el('label', { for: seedId, text: t('pg.seed') }), seedIn,
      el('button', { type: 'button', class: 'btn secondary pg-regen', text: t('pg.regenerate'),
        onclick: () => pg.change({ seed: 1 + Math.floor(Math.random() * 99999) }) })), seedMsg);
  }

  // ---- the reader's own points
  const ownSet = el('fieldset', { class: 'group pg-own' }, el('legend', { text: t('pg.own') }));
  const inputs = session.meta.inputs;
  const classes = custom ? CUSTOM_CLASSES : session.meta.classes;
  if (inputs === 2) {
    const classRow = el('div', { class: 'pg-classes', role: 'radiogroup', 'aria-label': t('pg.pointClass') });
    for (let k = 0; k < classes; k++) {
      const dot = el('span', { class: 'pg-dot', 'aria-hidden': 'true' });
      dot.style.backgroundColor = CLASS_COLOURS[k];
      classRow.append(el('button', {
        type: 'button', class: 'pg-class', role: 'radio', 'aria-checked': String(pg.ui.cls === k), dataset: { cls: k },
        onclick: () => { pg.ui.cls = k; for (const b of classRow.children) b.setAttribute('aria-checked', String(b.dataset.cls === String(k))); },
      }, dot, t('pg.classN', { k })));
    }
    radioGroupKeys(classRow);
    ownSet.append(el('p', { class: 'field-label', text: t('pg.pointClass') }), classRow);
  }
  const modeBtn = el('button', { type: 'button', class: 'btn secondary pg-mode', 'aria-pressed': String(pg.ui.remove),
    text: t('pg.removeMode'), onclick: () => { pg.ui.remove = !pg.ui.remove; modeBtn.setAttribute('aria-pressed', String(pg.ui.remove)); } });
  const count = el('p', { class: 'pg-count', role: 'status' });
  const clearBtn = el('button', { type: 'button', class: 'btn secondary pg-clear', text: t('pg.clear'), onclick: () => pg.clearOwn() });
  ownSet.append(el('p', { class: 'hint', text: t(inputs === 2 ? 'pg.clickHint2' : 'pg.clickHint1') }),
    el('div', { class: 'pg-row' }, modeBtn, clearBtn), count);

  const csvId = uid('pg');
  const csv = el('textarea', { id: csvId, class: 'pg-csv', rows: 3, spellcheck: 'false', placeholder: inputs === 2 ? '1.5,-2,0\n-3,0.5,1' : '-2,0.8\n1.5,-0.3' });
  const csvMsg = el('p', { class: 'field-error', role: 'alert', hidden: true });
  csv.setAttribute('aria-describedby', csvMsg.id = uid('pg'));
  const addCsv = () => {
    const r = parseCsvPoints(csv.value, { inputs, classes });
    const room = MAX_OWN_POINTS - session.ownCount();
    let msg = '';
    if (r.bad.length) msg = t(inputs === 2 ? 'pg.csvBad2' : 'pg.csvBad1', { lines: r.bad.slice(0, 8).join(t('err.listSep')), k: classes - 1 });
    else if (r.y.length === 0) msg = t('pg.csvEmpty');
    else if (r.y.length > room) msg = t('pg.tooMany', { n: MAX_OWN_POINTS });
    csvMsg.hidden = !msg;
    csvMsg.textContent = msg;
    csv.setAttribute('aria-invalid', String(!!msg));
    if (msg) return;   // nothing is added unless every line is good
    pg.addOwn(r.x, r.y);
    csv.value = '';
  };
  ownSet.append(el('div', { class: 'field' },
    el('label', { for: csvId, text: t(inputs === 2 ? 'pg.csv2' : 'pg.csv1') }), csv, csvMsg,
    el('button', { type: 'button', class: 'btn secondary pg-csv-add', text: t('pg.csvAdd'), onclick: addCsv })));

  node.append(picker, ownSet);
  return {
    node,
    refreshOwn() {
      const n = session.ownCount();
      count.textContent = t('pg.ownCount', { n });
      clearBtn.disabled = n === 0;
    },
  };
}
