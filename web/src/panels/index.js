// The panel registry: tab order of the page and the ids accepted by embed.html?panel=... and
// <activation-lab panel="...">. Adding a panel is one file in this folder plus one line here.
// Each panel module exports { id, titleKey, mount(root, ctx) -> { destroy() } }.

import curves from './curves.js';
import playground from './playground.js';
import regions from './regions.js';
import nonlinearity from './nonlinearity.js';
import gradflow from './gradflow.js';
import convergence from './convergence.js';
import dead from './dead.js';
import speed from './speed.js';
import softmax from './softmax.js';

export const PANELS = [
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

/** The panel with this id, or undefined. */
export function panelById(id) {
  return PANELS.find((p) => p.id === id);
}
