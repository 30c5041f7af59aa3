// The Regions panel's sub-views beside the partition (URL field rv): layer by layer
// (layers_view.js), against the theory (theory_view.js), along a line (line_view.js) and the
// 3-D surface (surface.js). Each view is built when shown and fed the panel's current network
// by update(); heavy counts run in slices through kit/job.js. The cells are the engine's.

import { el, clear } from '../../kit/dom.js';
import { signal } from '../../signals.js';
import { layersView } from './layers_view.js';
import { theoryView } from './theory_view.js';
import { lineView } from './line_view.js';
import { surfaceView } from './surface.js';

export const VIEWS = ['partition', 'layers', 'theory', 'line', 'surface'];
// The sub-views that draw networks of their own (the theory view's random nets): the panel's
// network, its Play and Reset have no part in them.
export const OWN_NETS = new Set(['theory']);

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The sub-view host: show(id) builds the view (destroying the previous one), update() feeds it
 * env.get() = { reg, model, net, points, exact, box, inputs, step, epoch }. env: { ctx, section, engine }.
 * A view gets env.adjust(key, shown) for its own state fields (rk, ru, rn): what it shows
 * for the field on the network shown. The first check of a field repairs the link the panel
 * was opened with (ctx.link: the values it carried, on the first mount after it was read): a
 * value it carried that the view cannot show is written back as the one shown (ctx.repair,
 * not a reader's change) and the link's notice says so (ctx.linkIssue). Later checks change
 * nothing: the view clamps what it shows and the state keeps the reader's value, which a
 * later network (a deeper or wider one) may show again.
 */
export function createViews(env) {
  const { ctx } = env;
  const box = el('div', { class: 'rg-view' });
  const link = ctx.link ?? {};
  const checked = new Set();
  function adjust(key, shown) {
    if (checked.has(key)) return;
    checked.add(key);
    const was = ctx.state[key];
    if (!(key in link) || !same(was, link[key]) || same(was, shown)) return;
    (ctx.repair ?? ctx.setState)({ [key]: shown });
    ctx.linkIssue?.(key);
  }
  const makers = { layers: layersView, theory: theoryView, line: lineView, surface: surfaceView };
  let cur = null;
  let id = '';
  const update = () => { if (cur) cur.update(env.get()); };
  return {
    box,
    show(v, again = false) {
      if (v === id && !again) return;
      cur?.destroy();
      clear(box);
      id = v;
      box.hidden = !makers[v];
      cur = makers[v] ? makers[v](box, { ...env, adjust, redo: () => this.show(v, true) }) : null;
      signal(env.section, 'view', v);
      update();
    },
    update,
    destroy() { cur?.destroy(); },
  };
}
