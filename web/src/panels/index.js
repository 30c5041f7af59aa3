// The panel registry: tab order of the page and the ids accepted by embed.html?panel=... and
// <activation-lab panel="...">. Adding a panel is one folder here (index.js and its own
// modules, built from ../kit) plus one line below. Each index.js exports
// { id, titleKey, mount(root, ctx) -> { destroy() } }; panels never import each other.

import { lazyPanel } from '../kit/chunks.js';
import { DEAD_DATASETS } from './dead/experiment.js';
import { NONLINEAR_CHOICES } from './nonlinearity/experiment.js';
import { OWN_DATASETS, ownActivations } from './regions/model.js';

// Each panel's code is loaded when the panel is first shown (kit/chunks.js): the page's first
// view carries only the panel it opens. What the frame needs before that is stated here: the
// tab's title and the URL enums the panel owns (checked against the panel's own id on load).
export const PANELS = [
  lazyPanel({ id: 'lesson', titleKey: 'panel.lesson' }, () => import('./lesson/index.js')),
  lazyPanel({ id: 'curves', titleKey: 'panel.curves' }, () => import('./curves/index.js')),
  lazyPanel({ id: 'nonlinearity', titleKey: 'panel.nonlinearity', enums: () => ({ nlact: NONLINEAR_CHOICES }) },
    () => import('./nonlinearity/index.js')),
  lazyPanel({ id: 'playground', titleKey: 'panel.playground',
    enums: (engine) => ({ ds: [...engine.datasets().map((d) => d.name), 'custom'] }) }, () => import('./playground/index.js')),
  lazyPanel({ id: 'regions', titleKey: 'panel.regions', enums: (engine) => ({ rds: OWN_DATASETS, ract: ownActivations(engine) }) },
    () => import('./regions/index.js')),
  lazyPanel({ id: 'gradflow', titleKey: 'panel.gradflow' }, () => import('./gradflow/index.js')),
  lazyPanel({ id: 'convergence', titleKey: 'panel.convergence' }, () => import('./convergence/index.js')),
  lazyPanel({ id: 'dead', titleKey: 'panel.dead', enums: () => ({ dds: DEAD_DATASETS }) }, () => import('./dead/index.js')),
  lazyPanel({ id: 'speed', titleKey: 'panel.speed' }, () => import('./speed/index.js')),
  lazyPanel({ id: 'softmax', titleKey: 'panel.softmax' }, () => import('./softmax/index.js')),
];

/** The panel a link without a known panel= opens (the first tab before the lesson came first). */
export const DEFAULT_PANEL = 'curves';

/** The panel with this id, or undefined. */
export function panelById(id) {
  return PANELS.find((p) => p.id === id);
}
