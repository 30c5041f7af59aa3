// The Playground's guided experiments ("Try this") and the live notes that tie what the
// reader sees to the lesson (a linear network draws a straight line; dead ReLUs stop
// learning). The sentences are worded by the host's translator it is given.

import { fmt } from '../../i18n.js';

const fill = (n, v) => Array.from({ length: n }, () => v);

// Each experiment is a patch of URL settings; `id` names its pg.lesson.* string.
export const LESSONS = [
  { id: 'linear', ds: 'circle', layers: [8, 8, 8], act: 'identity', lr: 0.03, opt: 'sgd', loss: 'bce' },
  { id: 'nonlinear', ds: 'circle', layers: [8, 8, 8], act: 'tanh', lr: 0.03, opt: 'sgd', loss: 'bce' },
  { id: 'dead', ds: 'xor', layers: [16, 16], act: 'relu', lr: 1, opt: 'sgd', loss: 'bce' },
  { id: 'leaky', ds: 'xor', layers: [16, 16], act: 'leaky_relu', lr: 1, opt: 'sgd', loss: 'bce' },
  { id: 'spiral', ds: 'spiral', layers: [16, 16, 16], act: 'tanh', lr: 0.01, opt: 'adam', loss: 'bce' },
  { id: 'pieces', ds: 'sin', layers: [16, 16], act: 'relu', lr: 0.01, opt: 'adam' },
  { id: 'multi', ds: 'blobs5', layers: [8], act: 'relu', lr: 0.03, opt: 'adam' },
  { id: 'diverge', ds: 'sin', layers: [8, 8], act: 'relu', lr: 10, opt: 'sgd' },
  { id: 'features', ds: 'circle', layers: [2], act: 'identity', lr: 0.03, opt: 'adam', loss: 'bce', feat: ['x1sq', 'x2sq'] },
];

/** The URL patch that sets up `lesson`. */
export function lessonPatch(lesson, state) {
  const patch = { ds: lesson.ds, layers: lesson.layers.slice(), act: fill(lesson.layers.length, lesson.act), lr: lesson.lr, opt: lesson.opt, feat: lesson.feat ?? [] };
  if (lesson.loss) patch.loss = lesson.loss;
  if (lesson.ds === state.ds) delete patch.ds;
  return patch;
}

const LINEAR = new Set(['identity']);

/**
 * Splits the engine's never-active neurons (activeCounts 0) by layer activation: `dead` in
 * layers whose activation is flat below zero (`flat`: engine.flatBelowZero(), slope exactly 0
 * for every negative input, so such a neuron gets no gradient at all), `negative` elsewhere
 * (still passing a gradient). Returns counts, the total of hidden neurons and the dead share.
 */
export function deadNeurons(stats, acts, flat) {
  let dead = 0;
  let negative = 0;
  let off = 0;
  (stats?.hiddenSizes ?? []).forEach((w, l) => {
    for (let j = 0; j < w; j++) {
      if (stats.activeCounts[off + j] !== 0) continue;
      if (flat.has(acts[l])) dead++; else negative++;
    }
    off += w;
  });
  const total = stats ? stats.activeCounts.length : 0;
  return { dead, negative, total, share: total ? dead / total : 0 };
}

/** Sentences about the current setup and statistics, in the language of `i18n` (flat: as in deadNeurons). */
export function liveNotes({ t, fnName }, state, stats, flat) {
  const out = [];
  const acts = state.act;
  const linear = acts.every((a) => LINEAR.has(a));
  if (linear && state.feat?.length) out.push(t('pg.note.features'));   // feat: only when the data has 2 inputs
  else if (state.layers.length === 0) out.push(t('pg.note.noHidden'));
  else if (linear) out.push(t('pg.note.linear', { n: state.layers.length }));
  if (acts.includes('binary_step')) out.push(t('pg.note.step'));
  const d = deadNeurons(stats, acts, flat);
  if (d.dead > 0) out.push(t('pg.note.dead', { p: fmt(100 * d.share, 3), fn: fnName(acts.find((a) => flat.has(a))) }));
  if (d.negative > 0 && d.negative / d.total >= 0.1) out.push(t('pg.note.negative', { p: fmt((100 * d.negative) / d.total, 3) }));
  return out;
}
