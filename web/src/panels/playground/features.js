// The Playground's input features: optional x1², x2², x1·x2, sin x1, sin x2 beside x1 and x2
// (2-D data only, all off by default, hash key feat). The core computes them (the network
// field "features"), so training, the heatmap and the exported model agree.

import { el } from '../../kit/dom.js';
import { FEATURES } from '../../kit/network_session.js';

const LABELS = { x1sq: 'x₁²', x2sq: 'x₂²', x1x2: 'x₁x₂', sinx1: 'sin x₁', sinx2: 'sin x₂' };
// Each of the core's feature names as text and as TeX (the network diagram's inputs).
const TEXT = { x1: 'x₁', x2: 'x₂', 'x1^2': 'x₁²', 'x2^2': 'x₂²', 'x1*x2': 'x₁x₂', 'sin(x1)': 'sin x₁', 'sin(x2)': 'sin x₂' };
const TEX = { x1: 'x_{1}', x2: 'x_{2}', 'x1^2': 'x_{1}^{2}', 'x2^2': 'x_{2}^{2}', 'x1*x2': 'x_{1} x_{2}', 'sin(x1)': '\\sin x_{1}', 'sin(x2)': '\\sin x_{2}' };

/** The inputs of layer 1 for a feature list (undefined: the raw inputs, `inputs` of them): {labels, tex(i)}. */
export function inputNames(features, inputs) {
  const names = features ?? (inputs === 2 ? ['x1', 'x2'] : null);
  if (!names) return { labels: ['x'], tex: () => 'x' };
  return { labels: names.map((f) => TEXT[f]), tex: (i) => TEX[names[i]] };
}

/** Builds the "Input features" group (nothing for 1-D data); returns { node }. */
export function buildFeatureToggles(pg) {
  const { t } = pg.i18n;
  if (pg.session.meta.inputs !== 2) return { node: '' };
  const on = new Set(pg.state.feat);
  const row = el('div', { class: 'pg-features' });
  for (const id of Object.keys(FEATURES)) {
    const box = el('input', { type: 'checkbox', name: `feat-${id}`, checked: on.has(id), dataset: { feature: id } });
    box.addEventListener('change', () => {
      if (box.checked) on.add(id); else on.delete(id);
      pg.change({ feat: Object.keys(FEATURES).filter((k) => on.has(k)) });
    });
    row.append(el('label', { class: 'check pg-chip' }, box, el('span', { text: LABELS[id] })));
  }
  const node = el('fieldset', { class: 'group pg-feat-group' }, el('legend', { text: t('pg.features') }),
    el('p', { class: 'hint', text: t('pg.featuresHint') }), row);
  return { node };
}
