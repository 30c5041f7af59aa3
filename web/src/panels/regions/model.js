// The Regions panel's networks, without any DOM. Two sources share one small interface:
// "own" trains a small net of the panel's own (its URL fields rds, ract, rw, rd, rseed) so the
// panel works alone (embed.html?panel=regions); "pg" borrows the Playground's session (its
// trainer and data survive between the two panels, see kit/network_session.js). Both keep a
// history of the region counts over training. Only engine.js is called.

import { trainWithin } from '../../kit/training.js';

export const OWN_DATASETS = ['circle', 'xor', 'gaussian', 'moons', 'spiral', 'sin', 'abs'];
// A smooth activation offered beside them, to show what the panel cannot partition.
const SMOOTH_CONTRAST = 'tanh';

/**
 * The hidden activations the panel's own network offers: every one the core partitions
 * exactly (engine.piecewiseLinear(), in catalogue order), then tanh for contrast.
 */
export function ownActivations(engine) {
  const exact = engine.piecewiseLinear();
  return [...engine.activations().map((a) => a.name).filter((n) => exact.has(n)), SMOOTH_CONTRAST];
}
const POINTS = 400;
const HISTORY_LIMIT = 2000;     // count points kept before thinning by half

// Count histories by trainer, so a re-mount (language switch) keeps them.
const histories = new WeakMap();

function historyOf(trainer) {
  if (!trainer) return [];
  if (!histories.has(trainer)) histories.set(trainer, []);
  return histories.get(trainer);
}

/** Appends {step, regions, pieces} to the trainer's history (one point per step). */
export function recordCounts(trainer, step, regions, pieces) {
  const h = historyOf(trainer);
  if (h.length && h[h.length - 1].step === step) h.pop();
  h.push({ step, regions, pieces });
  if (h.length > HISTORY_LIMIT) {
    const kept = h.filter((_, i) => i % 2 === 0 || i === h.length - 1);
    h.length = 0;
    h.push(...kept);
  }
}

export { historyOf };

/** The hidden activations of an exported model, one name per hidden layer. */
export function hiddenActivations(model) {
  const hidden = model.layers.length - 2;
  return Array.isArray(model.activation) ? model.activation.slice() : Array(hidden).fill(model.activation);
}

let ownStash = null;

/** The panel's own small network (kept across mounts of the panel). */
export function takeOwnNet(engine) {
  if (ownStash && ownStash.engine === engine) return ownStash;
  if (ownStash) ownStash.dispose();
  const s = { engine, kind: 'own', key: '', trainer: null, meta: null, train: null, last: null, diverged: '', stepsPerCall: 10 };

  /** Rebuilds data and trainer when the settings changed (or `force`); throws CoreError. */
  s.ensure = (st, force = false) => {
    const key = JSON.stringify([st.rds, st.ract, st.rw, st.rd, st.rseed]);
    if (!force && key === s.key && s.trainer) return s.trainer;
    const d = engine.makeDataset(st.rds, { n: POINTS, noise: st.rds === 'spiral' ? 0.05 : 0.1, seed: st.rseed, testFraction: 0.25 });
    const regression = d.kind === 'regression';
    const next = engine.createTrainer({
      layers: [d.inputs, ...Array(st.rd).fill(st.rw), 1],
      activation: st.ract,
      output: regression ? 'linear' : 'sigmoid',
      loss: regression ? 'mse' : 'bce',
      optimizer: 'adam', lr: 0.01, batchSize: 16, shuffle: true, init: 'torch', seed: st.rseed,
    }, d.train, d.test);
    if (s.trainer) s.trainer.delete();
    s.trainer = next;
    s.meta = { name: d.name, kind: d.kind, classes: d.classes, inputs: d.inputs, box: d.box.slice() };
    s.train = d.train;
    s.key = key;
    s.last = null;
    s.diverged = '';
    return next;
  };
  s.readStats = () => {};   // this trainer's statistics are never read
  s.step = () => (s.last ? s.last.step : 0);
  s.trainSet = () => s.train;
  s.trainFor = (budgetMs, maxSteps = Infinity) => trainWithin(s, budgetMs, maxSteps, 5000);
  s.settle = () => {};
  s.release = () => { ownStash = s; };
  s.dispose = () => { if (s.trainer) s.trainer.delete(); s.trainer = null; };
  ownStash = s;
  return s;
}

/** The Playground's network: the host's shared session, driven with a copy of the Playground's settings. */
export function takePlaygroundNet(session) {
  const s = { engine: session.engine, kind: 'pg', session, get trainer() { return session.trainer; }, get meta() { return session.meta; },
    get diverged() { return session.diverged; }, get last() { return session.last; } };
  // stats false: a new trainer's statistics are left for readStats() (on a later frame).
  s.ensure = (st, force = false, { stats = true } = {}) => {
    // The Playground's own rule for a hash whose activations do not match its layers.
    const act = st.act.length ? st.act : ['tanh'];
    const fixed = { ...st, act: st.layers.map((_, i) => act[i] ?? act[act.length - 1]) };
    session.ensureData(fixed);
    return session.ensureTrainer(fixed, { force, refresh: stats });
  };
  s.readStats = () => { if (session.trainer && !session.stats) session.refresh(); };
  s.step = () => (session.last ? session.last.step : 0);
  s.trainSet = () => session.sets().train;
  // The statistics are the Playground's; this panel shows none of them, so it reads them
  // only when due (session.statsDue(): at most a tenth of the time) while training, and at
  // the end (settle()).
  let stale = false;
  s.trainFor = (budgetMs, maxSteps = Infinity) => {
    const refresh = session.statsDue();
    stale = !refresh;
    return session.trainFor(refresh ? Math.max(2, budgetMs - (session.statsMs || 0)) : budgetMs, maxSteps, refresh);
  };
  s.settle = () => {
    if (stale && session.trainer && !session.diverged) session.refresh();
    stale = false;
  };
  s.release = () => {};   // the session belongs to the host, not to this panel
  s.dispose = () => {};
  return s;
}
