// The Playground's network controls: the architecture editor (0-8 hidden layers, 1-64
// neurons each, an activation per layer from the whole catalogue) drawn as a small network
// diagram whose neuron cells show how often each neuron is active (dead ones crossed out),
// and the training settings (learning rate, batch size, optimizer, L2, loss).

import { el, uid } from '../../kit/dom.js';
import { fmt } from '../../i18n.js';
import { GROUPS, groupOf } from '../../lesson_notes.js';
import { parseDecimal } from '../../kit/numbers.js';
import { palette } from '../../kit/charts.js';

import { MAX_LAYERS, MAX_WIDTH } from '../../kit/network_session.js';
const L2_CHOICES = [0, 1e-5, 1e-4, 1e-3, 1e-2, 0.1];
const BATCH_CHOICES = [1, 5, 10, 25, 50, 100, 250];

/** Reads a learning rate typed by the reader: a finite number > 0 and <= 100, else null. */
export function parseLearningRate(text) {
  const v = parseDecimal(String(text));
  return v !== undefined && v > 0 && v <= 100 ? v : null;
}

// The catalogue's activations as options in their groups (a fragment to clone: an 8-layer
// net's selects were 8 times the same few hundred elements made one by one).
function activationOptions({ t, fnName }, catalogue) {
  const list = document.createDocumentFragment();
  for (const g of GROUPS) {
    const og = el('optgroup', { label: t(`group.${g}`) });
    for (const a of catalogue) if (groupOf(a.name) === g) og.append(el('option', { value: a.name, text: fnName(a.name) }));
    if (og.children.length) list.append(og);
  }
  return list;
}

function activationSelect(i18n, catalogue, value, label, onChange, cls = 'pg-act', options = activationOptions(i18n, catalogue)) {
  const select = el('select', { class: cls, 'aria-label': label }, options.cloneNode(true));
  for (const o of select.options) if (o.value === value) o.setAttribute('selected', '');
  select.addEventListener('change', () => onChange(select.value));
  return select;
}

// Layer 1's activation parameters copied to layers 1..n.
function copyLayer1(apar, n) {
  const out = {};
  for (const [k, v] of Object.entries(apar)) if (k.startsWith('l1.')) for (let l = 1; l <= n; l++) out[`l${l}.${k.slice(3)}`] = v;
  return out;
}

// The URL's activation parameters without those of hidden layer l (0-based).
function withoutLayer(apar, l) {
  return Object.fromEntries(Object.entries(apar).filter(([k]) => !k.startsWith(`l${l + 1}.`)));
}

// Number boxes for the parameters of layer l's activation (e.g. Leaky ReLU's slope), checked
// against the catalogue's range; a bad value says so and changes nothing.
function paramInputs(pg, catalogue, l) {
  const { state } = pg;
  const { t } = pg.i18n;
  const spec = catalogue.find((a) => a.name === state.act[l]);
  if (!spec || spec.params.length === 0) return '';
  const box = el('div', { class: 'pg-params' });
  for (const p of spec.params) {
    const key = `l${l + 1}.${p.name}`;
    const input = el('input', { type: 'number', class: 'num pg-param', step: 'any', min: p.sliderMin, max: p.sliderMax,
      value: String(state.apar[key] ?? p.default), dataset: { param: key }, 'aria-label': t('pg.paramOf', { p: p.name, l: l + 1 }) });
    const msg = el('p', { class: 'field-error', role: 'alert', hidden: true, id: uid('pg') });
    input.setAttribute('aria-describedby', msg.id);
    input.addEventListener('change', () => {
      const v = input.value.trim() === '' ? NaN : Number(input.value);
      const ok = Number.isFinite(v) && v >= p.sliderMin && v <= p.sliderMax;
      msg.hidden = ok;
      msg.textContent = ok ? '' : t('curves.paramRange', { min: fmt(p.sliderMin), max: fmt(p.sliderMax) });
      input.setAttribute('aria-invalid', String(!ok));
      if (ok) pg.change({ apar: { ...state.apar, [key]: v } });
    });
    box.append(el('label', { class: 'pg-param-row', title: t(`param.${p.name}`) }, el('code', { text: p.name }), input), msg);
  }
  return box;
}

/** Builds the "Network" group; returns { node, showStats(stats, nTrain) }. */
export function buildNetworkEditor(pg) {
  const { state } = pg;
  const { t } = pg.i18n;
  const catalogue = pg.engine.activations();
  const flatBelowZero = pg.engine.flatBelowZero();
  const node = el('fieldset', { class: 'group pg-net' }, el('legend', { text: t('pg.network') }));
  const layers = state.layers;
  const setLayers = (next, act) => pg.change({ layers: next, act });

  const head = el('div', { class: 'pg-row pg-layer-count' },
    el('button', { type: 'button', class: 'icon-btn pg-layer-del', 'aria-label': t('pg.removeLayer'), title: t('pg.removeLayer'), text: '−',
      disabled: layers.length === 0,
      onclick: () => pg.change({ layers: layers.slice(0, -1), act: state.act.slice(0, -1), apar: withoutLayer(state.apar, layers.length - 1) }) }),
    el('span', { class: 'pg-layer-label', text: t('pg.hiddenLayers', { n: layers.length }) }),
    el('button', { type: 'button', class: 'icon-btn pg-layer-add', 'aria-label': t('pg.addLayer'), title: t('pg.addLayer'), text: '+',
      disabled: layers.length >= MAX_LAYERS,
      onclick: () => setLayers([...layers, layers.length ? layers[layers.length - 1] : 4], [...state.act, state.act[state.act.length - 1] ?? 'tanh']) }));

  const diagram = el('div', { class: 'pg-diagram' });
  const options = activationOptions(pg.i18n, catalogue);
  const cells = [];   // per hidden layer: array of neuron cells
  diagram.append(el('div', { class: 'pg-col pg-col-io' }, el('span', { class: 'pg-col-title', text: t('pg.inputs') }),
    el('span', { class: 'pg-io', text: pg.inputLabels ? pg.inputLabels().join(', ') : pg.session.meta.inputs === 2 ? 'x₁, x₂' : 'x' })));
  layers.forEach((w, l) => {
    const col = el('div', { class: 'pg-col', dataset: { layer: l } });
    const widthRow = el('div', { class: 'pg-width' },
      el('button', { type: 'button', class: 'icon-btn', text: '−', 'aria-label': t('pg.fewer', { l: l + 1 }), title: t('pg.fewer', { l: l + 1 }),
        disabled: w <= 1, dataset: { width: 'minus' }, onclick: () => setLayers(layers.map((v, i) => (i === l ? v - 1 : v)), state.act) }),
      el('span', { class: 'pg-width-n', text: String(w) }),
      el('button', { type: 'button', class: 'icon-btn', text: '+', 'aria-label': t('pg.more', { l: l + 1 }), title: t('pg.more', { l: l + 1 }),
        disabled: w >= MAX_WIDTH, dataset: { width: 'plus' }, onclick: () => setLayers(layers.map((v, i) => (i === l ? v + 1 : v)), state.act) }));
    const grid = el('div', { class: 'pg-neurons', role: 'img', 'aria-label': t('pg.neuronsLabel', { l: l + 1, n: w }) });
    const list = [];
    for (let j = 0; j < w; j++) {
      const c = el('span', { class: 'pg-neuron' });
      list.push(c);
      grid.append(c);
    }
    cells.push(list);
    col.append(el('span', { class: 'pg-col-title', text: t('pg.layerN', { l: l + 1 }) }),
      activationSelect(pg.i18n, catalogue, state.act[l], t('pg.activationOf', { l: l + 1 }),
        (v) => pg.change({ act: state.act.map((a, i) => (i === l ? v : a)), apar: withoutLayer(state.apar, l) }), 'pg-act', options),
      paramInputs(pg, catalogue, l), widthRow, grid);
    diagram.append(col);
  });
  diagram.append(el('div', { class: 'pg-col pg-col-io' }, el('span', { class: 'pg-col-title', text: t('pg.output') }),
    el('span', { class: 'pg-io', text: pg.outputLabel() })));
  const allSame = el('button', { type: 'button', class: 'pg-chip pg-same', text: t('pg.sameForAll'), hidden: layers.length < 2,
    onclick: () => pg.change({ act: layers.map(() => state.act[0]), apar: copyLayer1(state.apar, layers.length) }) });
  const legend = el('p', { class: 'hint pg-neuron-legend' },
    el('span', { class: 'pg-neuron pg-demo', 'aria-hidden': 'true' }), ` ${t('pg.legendActive')}  `,
    el('span', { class: 'pg-neuron dead pg-demo', 'aria-hidden': 'true' }), ` ${t('pg.legendDead')}  `,
    el('span', { class: 'pg-neuron negative pg-demo', 'aria-hidden': 'true' }), ` ${t('pg.legendNegative')}`);
  node.append(head, el('div', { class: 'pg-diagram-wrap' }, diagram), el('div', { class: 'pg-net-foot' }, legend, allSame));

  // What each cell shows (count and training points): a cell is written only when that
  // changes, not each of an 8 x 64 net's 512 cells (a colour and a translated title) on
  // every reading of the statistics. The cells' titles (the share in words) are written when
  // the pointer first comes over their layer's column (before it reaches a cell), then kept up
  // to date: 512 titles written with each reading were a style pass on every cell.
  const shown = new Map();   // cell -> [count, training points, flat below 0]
  const titleOf = ([count, nTrain, flat]) => (count < 0 ? '' : count === 0 ? t(flat ? 'pg.neuronDead' : 'pg.neuronNegative')
    : t('pg.neuronShare', { p: fmt(100 * (nTrain > 0 ? count / nTrain : 0), 3) }));
  diagram.addEventListener('mouseover', (e) => {
    const list = cells[e.target.closest?.('.pg-col[data-layer]')?.dataset.layer];
    if (!list || list[0]?.hasAttribute('title')) return;
    for (const c of list) c.title = shown.has(c) ? titleOf(shown.get(c)) : '';
  });
  return {
    node,
    /** Colours each neuron cell by the share of training points that activate it. */
    showStats(stats, nTrain) {
      let off = 0;
      let rgb = '';
      cells.forEach((list, l) => {
        const flat = flatBelowZero.has(state.act[l]);
        list.forEach((c, j) => {
          const count = stats ? stats.activeCounts[off + j] : -1;
          const was = shown.get(c);
          if (was && was[0] === count && was[1] === nTrain && was[2] === flat) return;
          shown.set(c, [count, nTrain, flat]);
          rgb ||= palette(node).dark ? '86, 180, 233' : '0, 114, 178';   // sky blue reads on the dark theme
          const share = count >= 0 && nTrain > 0 ? count / nTrain : 0;
          c.classList.toggle('dead', count === 0 && flat);
          c.classList.toggle('negative', count === 0 && !flat);
          c.style.backgroundColor = count < 0 ? '' : `rgba(${rgb}, ${(0.12 + 0.88 * share).toFixed(3)})`;
          if (c.hasAttribute('title')) c.title = titleOf(shown.get(c));
        });
        off += list.length;
      });
    },
  };
}

/** Builds the "Training" group; returns { node, showLrError(msg) }. */
export function buildTrainingControls(pg) {
  const { state } = pg;
  const { t } = pg.i18n;
  const node = el('fieldset', { class: 'group pg-train' }, el('legend', { text: t('pg.training') }));

  const lrId = uid('pg');
  const lrIn = el('input', { id: lrId, type: 'text', inputmode: 'decimal', class: 'num pg-lr', name: 'lr', value: String(state.lr), autocomplete: 'off' });
  const lrMsg = el('p', { class: 'field-error pg-lr-error', role: 'alert', hidden: true, id: uid('pg') });
  lrIn.setAttribute('aria-describedby', lrMsg.id);
  const showLrError = (msg) => {
    lrMsg.hidden = !msg;
    lrMsg.textContent = msg || '';
    lrIn.setAttribute('aria-invalid', String(!!msg));
  };
  lrIn.addEventListener('input', () => {
    const v = parseLearningRate(lrIn.value);
    if (v === null) { showLrError(t('pg.lrError', { value: lrIn.value.trim() || '∅', kept: fmt(state.lr) })); return; }
    showLrError(pg.setOptimizer({ lr: v }));
  });
  const presets = el('div', { class: 'pg-presets' });
  for (const v of [0.001, 0.01, 0.03, 0.1, 0.3, 1, 3, 10]) {
    presets.append(el('button', { type: 'button', class: 'pg-chip', text: String(v),
      onclick: () => { lrIn.value = String(v); showLrError(pg.setOptimizer({ lr: v })); } }));
  }

  const select = (name, label, options, value, format, onChange) => {
    const id = uid('pg');
    const s = el('select', { id, name });
    for (const o of options) s.append(el('option', { value: String(o), text: format(o), selected: String(o) === String(value) }));
    s.addEventListener('change', () => onChange(s.value));
    return el('div', { class: 'field pg-field' }, el('label', { for: id, text: label }), s);
  };
  const batches = BATCH_CHOICES.includes(state.batch) ? BATCH_CHOICES : [...BATCH_CHOICES, state.batch].sort((a, b) => a - b);
  const l2s = L2_CHOICES.includes(state.l2) ? L2_CHOICES : [...L2_CHOICES, state.l2].sort((a, b) => a - b);
  const grid = el('div', { class: 'pg-settings' },
    select('opt', t('pg.optimizer'), ['sgd', 'momentum', 'adam'], state.opt, (o) => t(`pg.opt.${o}`), (v) => pg.setOptimizer({ opt: v })),
    select('batch', t('pg.batch'), batches, state.batch, (o) => String(o), (v) => pg.setOptimizer({ batch: Number(v) })),
    select('l2', t('pg.l2'), l2s, state.l2, (o) => (o === 0 ? t('pg.none') : fmt(o)), (v) => pg.setOptimizer({ l2: Number(v) })));
  if (pg.isBinary()) {
    grid.append(select('loss', t('pg.loss'), ['bce', 'mse'], state.loss, (o) => t(`pg.lossName.${o}`), (v) => pg.change({ loss: v })));
  } else {
    grid.append(el('div', { class: 'field pg-field' }, el('span', { class: 'field-label', text: t('pg.loss') }),
      el('span', { class: 'pg-fixed', text: t(`pg.lossName.${pg.session.meta.kind === 'regression' ? 'mse' : 'cross_entropy'}`) })));
  }
  // A regression net may end in any activation (TensorFlow Playground's default is tanh).
  if (pg.session.meta.kind === 'regression') {
    grid.append(el('label', { class: 'field pg-field' }, el('span', { class: 'field-label', text: t('pg.outputAct') }),
      activationSelect(pg.i18n, pg.engine.activations(), state.out, t('pg.outputAct'), (v) => pg.change({ out: v }), 'pg-out')));
  }
  node.append(el('div', { class: 'field' }, el('label', { for: lrId, text: t('pg.lr') }), lrIn, presets, lrMsg), grid);
  return { node, showLrError };
}
