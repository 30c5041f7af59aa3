// The network session, without any DOM: the data (a generated dataset plus the reader's own
// points), the trainer built from the Playground's settings, the loss history, and a training
// step that fills a time budget. main.js creates one per host and hands it to the panels as
// ctx.session (the Playground trains it; the Regions panel can show its regions), so it
// outlives the panels' DOM: the reader's points and training progress survive a panel or
// language switch. It only talks to engine.js.

import { trainWithin, plotBox } from './training.js';

export const MAX_OWN_POINTS = 2000;
export const CUSTOM_CLASSES = 5;              // classes offered when drawing an own dataset
const POINTS = 500;                            // generated points per dataset (train + test)
const HISTORY_LIMIT = 4000;                    // loss points kept before thinning by half
// Largest parameter a run may hold to be kept for a restart after a divergence. Healthy runs of
// the page have weights of a few units; beyond this a run is blowing up, and its single-precision
// heatmap (up to 3.4e38) overflows a few layers later.
const MAX_KEPT_PARAM = 1e6;

/** The Playground's optional input features (hash ids -> the core's names), in network order after x1, x2. */
export const FEATURES = { x1sq: 'x1^2', x2sq: 'x2^2', x1x2: 'x1*x2', sinx1: 'sin(x1)', sinx2: 'sin(x2)' };

/** The Playground's network limits: hidden layers, and neurons in each. */
export const MAX_LAYERS = 8;
export const MAX_WIDTH = 64;

/**
 * Repairs the Playground's part of a parsed state in place, for every panel that builds its
 * network (the Playground, and the Regions panel showing it): widths and counts in range, one
 * known activation per hidden layer (an unknown name is replaced), each layer's activation
 * parameters only if that activation has them, clamped. Returns notes for the reader.
 */
export function normalisePlayground({ t }, state, catalogue) {
  const notes = [];
  const names = new Map();
  for (const a of catalogue) { names.set(a.name, a.name); for (const al of a.aliases || []) if (!names.has(al)) names.set(al, a.name); }
  state.layers = state.layers.slice(0, MAX_LAYERS).map((w) => Math.min(MAX_WIDTH, Math.max(1, Math.round(w))));
  const unknown = state.act.filter((a) => !names.has(a));
  if (unknown.length) notes.push(t('pg.unknownAct', { names: unknown.join(t('err.listSep')) }));
  const act = state.act.map((a) => names.get(a)).filter(Boolean);
  state.act = state.layers.map((_, i) => act[i] ?? act[act.length - 1] ?? 'tanh');
  const apar = {};
  for (const [key, v] of Object.entries(state.apar)) {
    const m = /^l(\d)\.(\w+)$/.exec(key);
    const spec = m && catalogue.find((a) => a.name === state.act[Number(m[1]) - 1])?.params.find((p) => p.name === m[2]);
    if (spec) apar[key] = Math.min(spec.sliderMax, Math.max(spec.sliderMin, v));
  }
  state.apar = apar;
  state.batch = Math.max(1, Math.round(state.batch));
  state.seed = Math.round(state.seed);
  state.feat = Object.keys(FEATURES).filter((k) => state.feat.includes(k));
  if (!names.has(state.out)) state.out = 'identity';
  state.out = names.get(state.out);
  return notes;
}

/** The core's feature list for the hash ids `ids` on data with `inputs` inputs (undefined: the raw inputs). */
export function featureList(ids, inputs) {
  const extra = Object.keys(FEATURES).filter((k) => ids?.includes(k));
  return inputs === 2 && extra.length ? ['x1', 'x2', ...extra.map((k) => FEATURES[k])] : undefined;
}

/** Problem type of a dataset: the output layer, output activation and loss it needs. */
export function headFor(meta, lossChoice) {
  if (meta.kind === 'regression') return { outputs: 1, output: 'linear', loss: 'mse' };
  if (meta.classes > 2) return { outputs: meta.classes, output: 'softmax', loss: 'cross_entropy' };
  return { outputs: 1, output: 'sigmoid', loss: lossChoice === 'mse' ? 'mse' : 'bce' };
}

function joinSets(a, b, inputs) {
  const n = a.n + b.n;
  const x = new Float64Array(n * inputs);
  const y = new Float64Array(n);
  x.set(a.x.subarray(0, a.n * inputs)); x.set(b.x.subarray(0, b.n * inputs), a.n * inputs);
  y.set(a.y.subarray(0, a.n)); y.set(b.y.subarray(0, b.n), a.n);
  return { x, y, n };
}

const EMPTY = { x: new Float64Array(0), y: new Float64Array(0), n: 0 };

/**
 * Parameters of hidden layer l (0-based) with activation `name`, from the URL map `apar`
 * ("l1.negative_slope" -> 0.2); parameters not set keep the catalogue's defaults.
 */
export function layerParams(engine, apar, l, name) {
  const spec = engine.activations().find((a) => a.name === name);
  const out = {};
  for (const p of spec ? spec.params : []) out[p.name] = apar?.[`l${l + 1}.${p.name}`] ?? p.default;
  return out;
}

/** The session: create once per page (see takeSession), re-used by every mount. */
export function createSession(engine) {
  const s = {
    engine,
    meta: null,          // { name, kind, classes, inputs, box }
    base: null,          // generated { train, test } (empty for 'custom')
    own: { x: [], y: [] },   // the reader's points: x flat (inputs per point), y label/target
    dataKey: '',
    trainer: null,
    netKey: '',
    history: { train: [], test: [] },
    stats: null,
    last: null,          // last train() result
    diverged: '',        // the CoreError of a diverged run, '' otherwise
    kept: null,          // the last healthy parameters (see refresh): {params, last}
    stepsPerCall: 20,
    edits: 0,            // bumped when the reader edits the data (the trainer must follow)
  };

  s.ownCount = () => s.own.y.length;

  s.ownSet = () => ({ x: Float64Array.from(s.own.x), y: Float64Array.from(s.own.y), n: s.own.y.length });

  /** Training and test sets as the trainer sees them (own points join the training set). */
  s.sets = () => {
    const inputs = s.meta.inputs;
    const train = joinSets(s.base ? s.base.train : EMPTY, s.ownSet(), inputs);
    return { train, test: s.base && s.base.test.n ? s.base.test : null };
  };

  /** Classes of the current problem (for 'custom': enough for every own label, at least 2). */
  s.classes = () => {
    if (s.meta.name !== 'custom') return s.meta.classes;
    let k = 2;
    for (const y of s.own.y) k = Math.max(k, y + 1);
    return k;
  };

  /**
   * Removes the own or generated training point nearest to (x, y) within distance r (data
   * units; for 1-D data, y is the target). Returns true if a point was removed.
   */
  s.removeNearest = (x, y, r) => {
    const per = s.meta.inputs;
    const at = (xs, ys, i) => (per === 2 ? [xs[2 * i], xs[2 * i + 1]] : [xs[i], ys[i]]);
    let best = { d: r, own: false, i: -1 };
    s.own.y.forEach((_, i) => {
      const [px, py] = at(s.own.x, s.own.y, i);
      const d = Math.hypot(px - x, py - y);
      if (d < best.d) best = { d, own: true, i };
    });
    const tr = s.base ? s.base.train : null;
    for (let i = 0; tr && i < tr.n; i++) {
      const [px, py] = at(tr.x, tr.y, i);
      const d = Math.hypot(px - x, py - y);
      if (d < best.d) best = { d, own: false, i };
    }
    if (best.i < 0) return false;
    if (best.own) {
      s.own.x.splice(best.i * per, per);
      s.own.y.splice(best.i, 1);
    } else {
      const keep = (_, j) => Math.floor(j / per) !== best.i;
      s.base.train = { x: tr.x.filter(keep), y: tr.y.filter((_, j) => j !== best.i), n: tr.n - 1 };
    }
    s.edits += 1;
    return true;
  };

  /** The plotted box: the input box, and for 1-D data a y range around the targets. */
  s.plotBox = () => {
    const { train, test } = s.sets();
    return plotBox(s.meta, [train, test]);
  };

  /** (Re)generates the dataset when its settings changed; returns true if it did. */
  s.ensureData = (st) => {
    const key = [st.ds, st.noise, st.seed, st.split].join('|');
    if (key === s.dataKey && s.meta) return false;
    if (st.ds === 'custom') {
      s.meta = { name: 'custom', kind: 'classification', classes: 2, inputs: 2, box: engine.dataBox(2) };
      s.base = null;
    } else {
      const d = engine.makeDataset(st.ds, { n: POINTS, noise: st.noise, seed: Math.round(st.seed), testFraction: st.split });
      s.meta = { name: d.name, kind: d.kind, classes: d.classes, inputs: d.inputs, box: d.box.slice() };
      s.base = { train: d.train, test: d.test };
    }
    if (s.dataKey.split('|')[0] !== st.ds) s.own = { x: [], y: [] };
    s.dataKey = key;
    s.netKey = '';
    return true;
  };

  /** The trainer configuration for settings `st` (throws CoreError through the engine later). */
  s.config = (st) => {
    const meta = { ...s.meta, classes: s.classes() };
    const head = headFor(meta, st.loss);
    const n = s.meta.inputs;
    const features = featureList(st.feat, n);
    // A regression net may end in any activation of the catalogue (st.out; identity = linear).
    const output = head.output === 'linear' && st.out && st.out !== 'identity' ? st.out : head.output;
    return {
      ...(features ? { features } : {}),
      layers: [features ? features.length : n, ...st.layers, head.outputs],
      activation: st.act.slice(),
      activationParams: st.act.map((name, l) => layerParams(engine, st.apar, l, name)),
      output,
      loss: head.loss,
      optimizer: st.opt,
      lr: st.lr,
      momentum: 0.9,
      l2: st.l2,
      batchSize: Math.max(1, Math.round(st.batch)),
      shuffle: true,
      init: 'torch',
      seed: Math.round(st.seed),
    };
  };

  /** What a trainer depends on: when this changes, the trainer is rebuilt. */
  s.keyFor = (cfg) => JSON.stringify([cfg.layers, cfg.activation, cfg.activationParams, cfg.output, cfg.loss, s.dataKey, s.ownCount(), s.edits, cfg.features]);

  const dropTrainer = () => {
    if (s.trainer) s.trainer.delete();
    s.trainer = null;
    s.stats = null;
    s.kept = null;
  };

  /**
   * Builds a fresh trainer when the network or data changed (or `force`); with `keepWeights`
   * the current weights carry over when the shapes still fit (e.g. after adding a point).
   * Returns null when there is nothing to train on; throws CoreError on bad settings.
   * refresh false leaves the statistics of a new trainer unread (null) for the caller to read
   * with refresh() on a later frame (a pass over the data: a large net's takes a frame's share);
   * a later ensureTrainer reads them if they are still missing.
   */
  s.ensureTrainer = (st, { force = false, keepWeights = false, refresh = true } = {}) => {
    const cfg = s.config(st);
    const key = s.keyFor(cfg);
    if (!force && key === s.netKey && s.trainer) {
      if (refresh && !s.stats) s.refresh();
      return s.trainer;
    }
    const { train, test } = s.sets();
    if (train.n === 0) {
      dropTrainer();
      s.netKey = key;
      return null;
    }
    cfg.batchSize = Math.min(cfg.batchSize, train.n);
    let next;
    const model = keepWeights && s.trainer && !s.diverged ? s.trainer.exportModel() : null;
    const acts = model && (Array.isArray(model.activation) ? model.activation : cfg.activation.map(() => model.activation));
    if (model && JSON.stringify(model.layers) === JSON.stringify(cfg.layers) && JSON.stringify(acts) === JSON.stringify(cfg.activation) &&
        JSON.stringify(model.features) === JSON.stringify(cfg.features)) {
      next = engine.createTrainerFromModel(model, cfg, train, test ?? undefined);
    } else {
      next = engine.createTrainer(cfg, train, test ?? undefined);
      s.history = { train: [], test: [] };
      s.last = null;
    }
    dropTrainer();
    s.trainer = next;
    s.netKey = key;
    s.diverged = '';
    if (refresh) s.refresh();
    return next;
  };

  /** Replaces the trainer by one built from an imported model (validated by the engine). */
  s.adopt = (model, st) => {
    const cfg = s.config(st);
    const { train, test } = s.sets();
    if (train.n === 0) throw new Error('no-data');
    cfg.batchSize = Math.min(cfg.batchSize, train.n);
    const next = engine.createTrainerFromModel(model, { ...cfg, layers: model.layers, activation: model.activation }, train, test ?? undefined);
    dropTrainer();
    s.trainer = next;
    s.history = { train: [], test: [] };
    s.last = null;
    s.diverged = '';
    s.refresh();
  };

  let statsAt = -Infinity;   // when refresh() last read the statistics
  let statsStep = -1;        // and at which step
  /** Recomputes the statistics and appends them to the loss history. */
  s.refresh = () => {
    if (!s.trainer) return;
    const t0 = performance.now();
    s.stats = s.trainer.stats();
    s.statsMs = performance.now() - t0;
    statsAt = t0;
    keep();
    const step = s.last ? s.last.step : 0;
    statsStep = step;
    const h = s.history;
    if (h.train.length && h.train[h.train.length - 1].x === step) { h.train.pop(); h.test.pop(); }
    h.train.push({ x: step, y: s.stats.trainLoss });
    if (Number.isFinite(s.stats.testLoss)) h.test.push({ x: step, y: s.stats.testLoss });
    if (h.train.length > HISTORY_LIMIT) {
      h.train = h.train.filter((_, i) => i % 2 === 0 || i === h.train.length - 1);
      h.test = h.test.filter((_, i) => i % 2 === 0 || i === h.test.length - 1);
    }
  };

  /**
   * While training: whether the statistics are due again. They cost a pass over the data (an
   * 8 x 64 net's as long as a frame's training), so they are read at most a tenth of the time:
   * not before nine times their last cost has passed since they were last read, and only if
   * the network trained since (on Play they are those of the weights shown); at once if unread.
   */
  s.statsDue = (now = performance.now()) => !s.stats ||
    (statsStep !== (s.last ? s.last.step : 0) && now - statsAt >= 9 * (s.statsMs || 0));

  /**
   * Trains in chunks until `budgetMs` has passed (at least one chunk), adapting the chunk size
   * so one call costs about a quarter of the budget. Returns the last train() result.
   * refresh false: the statistics are not read (a caller reading them less often).
   */
  s.trainFor = (budgetMs, maxSteps = Infinity, refresh = true) => {
    if (!trainWithin(s, budgetMs, maxSteps)) return null;
    if (s.diverged) s.restore(); else if (refresh) s.refresh();
    return s.last;
  };

  // Remembers the parameters when the training loss is finite and every parameter is below
  // MAX_KEPT_PARAM. The core stops at the first non-finite loss but keeps the parameters that
  // produced it, which are finite yet often 1e100 and more after a blow-up (every output NaN).
  function keep() {
    if (!Number.isFinite(s.stats.trainLoss)) return;
    const params = s.trainer.params();
    for (const v of params) if (!(Math.abs(v) <= MAX_KEPT_PARAM)) return;
    s.kept = { params, last: s.last };
  }

  /**
   * After a divergence: the trainer goes back to the last kept parameters (its optimizer state
   * cleared), and the statistics, step and loss history to theirs, so everything shown describes
   * them. Training may go on from there (clear `diverged` first).
   */
  s.restore = () => {
    if (!s.kept) return;
    s.trainer.setParams(s.kept.params);
    s.stats = s.trainer.stats();
    s.last = s.kept.last;
    const step = s.last ? s.last.step : 0;
    s.history.train = s.history.train.filter((p) => p.x <= step);
    s.history.test = s.history.test.filter((p) => p.x <= step);
  };

  s.dispose = () => dropTrainer();
  return s;
}
