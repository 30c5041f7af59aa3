// The guided lesson's steps, in the lesson's order: for each, the panel it mounts, the preset
// it mounts it in (presets.js) and any mount options (ctx.options, see that panel's mount),
// how many answers its "predict" question offers, how to read the measured numbers from the
// panel's own signals (data- attributes, signals.js) once they are final, and which answer
// those numbers bear out. Words live in text.js (ls.<id>.*); this file holds no text and no
// DOM construction.

import { LESSON_PRESETS as P } from './presets.js';

// The Dead ReLUs steps measure one traced run; the panel's sweep (90 trainings) waits for its button.
const TRACE_ONLY = { sweep: 'demand' };
const num = (node, key) => (node && node.dataset[key] !== undefined && node.dataset[key] !== '' ? Number(node.dataset[key]) : null);
const pct = (v) => `${Number((100 * v).toFixed(1))}%`;

// read(root, fmt) -> null while the panel has not finished, else { value, vars } where value is
// the step's headline number (the tests check it) and vars fill ls.<id>.measured.
// judge(value) -> the index of the answer the measurement bears out.
export const STEPS = [
  {
    id: 'linear', panel: 'nonlinearity', preset: P.linear, answers: 3,
    links: { deepTanh: ['nonlinearity', P.deepTanh], deepRelu: ['nonlinearity', P.deepRelu] },
    read(root) {
      if (!root.querySelector('.panel-nonlinearity[data-state="done"]')) return null;
      const lin = num(root.querySelector('.nl-acc-linear'), 'test');
      const non = num(root.querySelector('.nl-acc-nonlinear'), 'test');
      return lin === null || non === null ? null : { value: lin, vars: { lin: pct(lin), non: pct(non) } };
    },
    judge: (v) => (v < 0.75 ? 0 : 1),
  },
  {
    id: 'saturate', panel: 'gradflow', preset: P.saturate, answers: 3,
    links: { he: ['gradflow', P.saturateHe] },
    read(root, fmt) {
      const s = root.querySelector('.panel-gradflow[data-ratios]');
      if (!s) return null;
      const r = Object.fromEntries(JSON.parse(s.dataset.ratios).map(([a, init]) => [a, init]));
      if (!('sigmoid' in r)) return null;
      return { value: r.sigmoid, vars: { sigmoid: fmt(r.sigmoid, 2), tanh: fmt(r.tanh, 2), relu: fmt(r.relu, 2) } };
    },
    judge: (v) => (v < 1e-3 ? 2 : v < 0.3 ? 1 : 0),
  },
  {
    id: 'centred', panel: 'gradflow', preset: P.centred, answers: 3,
    read(root, fmt) {
      const row = (a) => num(root.querySelector(`.panel-gradflow tr[data-fn="${a}"]`), 'mean');
      const s = row('sigmoid');
      const t = row('tanh');
      return s === null || t === null ? null : { value: s, vars: { sigmoid: fmt(s, 2), tanh: fmt(t, 2) } };
    },
    judge: (v) => (v < 0.25 ? 0 : v < 0.75 ? 1 : 2),
  },
  {
    id: 'converge', panel: 'convergence', preset: P.converge, answers: 3,
    links: { deep: ['convergence', P.convergeDeep], speed: ['speed', {}] },
    read(root, fmt) {
      const s = root.querySelector('.panel-convergence[data-state="done"][data-result]');
      if (!s) return null;
      const m = Object.fromEntries(JSON.parse(s.dataset.result).map((x) => [x.activation, x.mean]));
      const show = (v) => (v === null ? '—' : fmt(v, 3));
      return { value: m.relu, vars: { relu: show(m.relu), tanh: show(m.tanh), sigmoid: show(m.sigmoid), ratio: fmt(m.tanh / m.relu, 2) } };
    },
    judge: (v, root) => {
      const rows = JSON.parse(root.querySelector('.panel-convergence').dataset.result);
      const best = rows.filter((x) => x.mean !== null).reduce((a, b) => (b.mean < a.mean ? b : a));
      return ['relu', 'tanh', 'sigmoid'].indexOf(best.activation);
    },
  },
  {
    id: 'dead', panel: 'dead', preset: P.dead, answers: 3, options: TRACE_ONLY,
    read(root, fmt) {
      if (!root.querySelector('.panel-dead[data-trace-ready="1"]')) return null;
      const p = root.querySelector('.dead-trace-relu');
      const share = num(p, 'share');
      return share === null ? null : { value: share, vars: { relu: pct(share), start: pct(num(p, 'initial')), loss: fmt(num(p, 'loss'), 3), lr: fmt(P.dead.dlr), seed: P.dead.dseed } };
    },
    judge: (v) => (v < 0.1 ? 0 : v < 0.7 ? 1 : 2),
  },
  {
    id: 'leaky', panel: 'dead', preset: P.dead, answers: 3, options: TRACE_ONLY,
    read(root, fmt) {
      if (!root.querySelector('.panel-dead[data-trace-ready="1"]')) return null;
      const p = root.querySelector('.dead-trace-leaky_relu');
      const r = root.querySelector('.dead-trace-relu');
      const loss = num(p, 'loss');
      if (loss === null) return null;
      return { value: loss, diverged: p.dataset.diverged === 'true', vars: { loss: fmt(loss, 3), relu: fmt(num(r, 'loss'), 3), share: pct(num(p, 'share')) } };
    },
    judge: (v, root, m) => (m.diverged ? 2 : v < 0.3 ? 0 : 1),
  },
  {
    id: 'regions', panel: 'regions', preset: P.regions, answers: 3,
    read(root) {
      const s = root.querySelector('.panel-regions[data-regions]');
      const n = s && s.dataset.regions !== '' ? Number(s.dataset.regions) : null;
      return n === null ? null : { value: n, vars: { n } };
    },
    judge: (v) => (v <= 1 ? 0 : v < 10 ? 1 : 2),
  },
  {
    id: 'softmax', panel: 'softmax', preset: P.softmax, answers: 3,
    read(root, fmt) {
      if (!root.querySelector('.panel-softmax[data-ready="1"]')) return null;
      const ps = [...root.querySelectorAll('.panel-softmax tr[data-p]')].map((tr) => Number(tr.dataset.p));
      if (!ps.length) return null;
      return { value: ps[0], vars: { p: fmt(ps[0], 3), sum: fmt(ps.reduce((a, b) => a + b, 0), 6) } };
    },
    judge: (v) => [0.5, 0.66, 0.9].reduce((best, x, i, xs) => (Math.abs(v - x) < Math.abs(v - xs[best]) ? i : best), 0),
  },
];
