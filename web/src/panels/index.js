// The panel registry: tab order of the page and the ids accepted by embed.html?panel=... and
// <activation-lab panel="...">. Adding a panel is one folder here (index.js and its own
// modules, built from ../kit) plus one line below. Each index.js exports
// { id, titleKey, mount(root, ctx) -> { destroy() } }; panels never import each other.

import curves from './curves/index.js';
import playground from './playground/index.js';
import regions from './regions/index.js';
import nonlinearity from './nonlinearity/index.js';
import gradflow from './gradflow/index.js';
import convergence from './convergence/index.js';
import dead from './dead/index.js';
import speed from './speed/index.js';
import softmax from './softmax/index.js';
import lesson from './lesson/index.js';

export const PANELS = [
  lesson,
  curves,
  nonlinearity,
  playground,
  regions,
  gradflow,
  convergence,
  dead,
  speed,
  softmax,
];

/** The panel a link without a known panel= opens (the first tab before the lesson came first). */
export const DEFAULT_PANEL = 'curves';

/** The panel with this id, or undefined. */
export function panelById(id) {
  return PANELS.find((p) => p.id === id);
}
