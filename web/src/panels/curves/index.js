// The Curves panel: f and f' of any activations from the catalogue, overlaid, with their
// parameters on sliders, saturation zones shaded, formulas typeset, and the lesson's points
// for each function. It gets plain data from the engine (one evaluate() per function per
// redraw) and reads/writes only its own fields of the URL state (fn, xmin, xmax, yauto, ymin,
// ymax, df, sat, par).

import { typeset } from '../../kit/tex.js';
import { el, clear, uid } from '../../kit/dom.js';
import { fmt } from '../../i18n.js';
import { FIELDS } from '../../state.js';
import { GROUPS, groupOf, lessonPoints } from '../../lesson_notes.js';
import { createCurveChart } from './chart.js';
import { CURVE_COLOURS, curveColour } from '../../kit/charts.js';
import { saturationIntervals } from './saturation_bands.js';

const SAMPLES = 801;               // points per curve and redraw
const SAT_THRESHOLD = 0.05;        // |f'| below this counts as saturated
const MAX_FUNCTIONS = CURVE_COLOURS.length;
const DEFAULTS = Object.fromEntries(FIELDS.map((f) => [f.key, f.default]));

function linspace(a, b, n) {
  const xs = new Float64Array(n);
  for (let i = 0; i < n; i++) xs[i] = a + ((b - a) * i) / (n - 1);
  return xs;
}

// A slider step of about 1/200 of the range, rounded to 1, 2 or 5 times a power of ten.
function niceStep(range) {
  const raw = range / 200;
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
}

// A parameter's description: specific to the function when the name is ambiguous.
function paramLabel({ t, has }, fn, pname) {
  return has(`param.${fn}.${pname}`) ? t(`param.${fn}.${pname}`) : t(`param.${pname}`);
}

function tex(node, source) {
  typeset(node, source);
}

/**
 * Checks the panel's part of a parsed state against the catalogue: resolves aliases, drops
 * unknown names and parameters, clamps parameters to their slider range, repairs the x range.
 * Returns the list of problems worded by the host's translator `i18n`; a parameter dropped or
 * clamped is reported by linkIssue('par') (the host's notice for the link, see main.js).
 */
function normalise({ t }, state, catalogue, linkIssue = () => {}) {
  const notes = [];
  const byName = new Map();
  for (const a of catalogue) {
    byName.set(a.name, a);
    for (const alias of a.aliases || []) if (!byName.has(alias)) byName.set(alias, a);
  }
  const unknown = [];
  const fns = [];
  for (const n of state.fn) {
    const a = byName.get(n);
    if (!a) unknown.push(n);
    else if (!fns.includes(a.name) && fns.length < MAX_FUNCTIONS) fns.push(a.name);
  }
  if (unknown.length) notes.push(t('curves.ignoredFn', { names: unknown.join(', ') }));
  state.fn = fns;
  const par = {};
  let adjusted = false;
  for (const [key, v] of Object.entries(state.par)) {
    const [fn, pname] = key.split('.');
    const spec = byName.get(fn)?.params.find((p) => p.name === pname || (p.aliases || []).includes(pname));
    if (!spec) { adjusted = true; continue; }
    const used = Math.min(spec.sliderMax, Math.max(spec.sliderMin, v));
    if (used !== v) adjusted = true;
    par[`${byName.get(fn).name}.${spec.name}`] = used;
  }
  state.par = par;
  if (adjusted) linkIssue('par');
  if (!(state.xmin < state.xmax)) {
    notes.push(t('curves.rangeError'));
    state.xmin = DEFAULTS.xmin;
    state.xmax = DEFAULTS.xmax;
  }
  if (!(state.ymin < state.ymax)) {
    if (!state.yauto) notes.push(t('curves.yrangeError'));
    state.ymin = DEFAULTS.ymin;
    state.ymax = DEFAULTS.ymax;
  }
  return { notes, byName };
}

export default {
  id: 'curves',
  titleKey: 'panel.curves',

  /** Builds the panel in `root`. ctx: { engine, state, setState(patch), compact }. */
  mount(root, ctx) {
    const { t, fnName, has, errorText } = ctx.i18n;   // this host's language (see i18n.js)
    const { engine, state } = ctx;
    const catalogue = engine.activations();
    const { notes, byName } = normalise(ctx.i18n, state, catalogue, ctx.linkIssue);
    ctx.setState({}, { replace: true });  // write back the repaired state

    const paramsOf = (name) => {
      const out = {};
      for (const p of byName.get(name).params) out[p.name] = state.par[`${name}.${p.name}`] ?? p.default;
      return out;
    };
    const colourOf = (name) => curveColour(state.fn.indexOf(name), root);   // in the host's theme

    // ---- layout
    const section = el('section', { class: `panel panel-curves${ctx.compact ? ' compact' : ''}`, 'aria-labelledby': uid('h') });
    const headingId = section.getAttribute('aria-labelledby');
    const head = el('header', { class: 'panel-head' },
      el('h2', { id: headingId, text: t('curves.heading') }),
      ctx.compact ? null : el('p', { class: 'lead', text: t('curves.intro') }));
    const noticeBox = el('div', { class: 'notices', 'aria-live': 'polite' });
    for (const n of notes) noticeBox.append(el('p', { class: 'notice', role: 'status', text: n }));

    const controls = el('form', { class: 'controls', 'aria-label': t('curves.functions'), onsubmit: (e) => e.preventDefault() });
    const canvas = el('canvas', { role: 'img' });
    const chartBox = el('div', { class: 'chart-box' }, canvas);
    const legend = el('div', { class: 'chart-legend' });
    const chartCol = el('div', { class: 'chart-col' }, chartBox, legend,
      el('p', { class: 'hint', text: t('curves.hoverHint') }));
    const details = el('div', { class: 'fn-details' });
    section.append(head, noticeBox, el('div', { class: 'curves-layout' }, controls, chartCol), details);
    root.append(section);

    const chart = createCurveChart(canvas, ctx.i18n);
    const errorSlots = new Map();   // fn name -> <p> for engine errors
    const pointLists = new Map();   // fn name -> <ul> of lesson points
    const kinksOf = new Map();      // fn name -> kinks of the last good evaluation

    // ---- controls
    function buildControls() {
      clear(controls);
      errorSlots.clear();

      // Functions and their parameters.
      const fnSet = el('fieldset', { class: 'group' }, el('legend', { text: t('curves.functions') }));
      const list = el('ul', { class: 'fn-list' });
      for (const name of state.fn) list.append(functionItem(name));
      fnSet.append(list);
      if (state.fn.length === 0) fnSet.append(el('p', { class: 'muted', text: t('curves.none') }));

      const addId = uid('add');
      const select = el('select', { id: addId, disabled: state.fn.length >= MAX_FUNCTIONS });
      select.append(el('option', { value: '', text: t('curves.addPlaceholder') }));
      for (const g of GROUPS) {
        const og = el('optgroup', { label: t(`group.${g}`) });
        for (const a of catalogue) {
          if (groupOf(a.name) === g && !state.fn.includes(a.name)) og.append(el('option', { value: a.name, text: fnName(a.name) }));
        }
        if (og.children.length) select.append(og);
      }
      select.addEventListener('change', () => {
        if (!select.value) return;
        ctx.setState({ fn: [...state.fn, select.value] });
        rebuild('.add-fn select');
      });
      fnSet.append(el('div', { class: 'field add-fn' }, el('label', { for: addId, text: t('curves.add') }), select));
      if (state.fn.length >= MAX_FUNCTIONS) fnSet.append(el('p', { class: 'muted', text: t('curves.maxReached', { n: MAX_FUNCTIONS }) }));

      // View: x and y ranges and toggles.
      const viewSet = el('fieldset', { class: 'group' }, el('legend', { text: t('curves.view') }));
      viewSet.append(
        ...rangeControl({ kMin: 'xmin', kMax: 'xmax', limit: 100, label: t('curves.range'), error: t('curves.rangeError') }),
        ...rangeControl({ kMin: 'ymin', kMax: 'ymax', limit: 1000, label: t('curves.yrange'), error: t('curves.yrangeError'), autoKey: 'yauto' }),
        checkbox('df', t('curves.showDerivative')),
        checkbox('sat', t('curves.showSaturation')),
        el('button', { type: 'button', class: 'btn secondary', text: t('curves.reset'), onclick: resetView }));
      controls.append(fnSet, viewSet);
    }

    function numberInput(key, value, limit) {
      return el('input', { type: 'number', inputmode: 'decimal', step: 'any', min: -limit, max: limit, value, name: key, dataset: { key } });
    }

    // A "from .. to" pair for state[kMin] < state[kMax] within +-limit, with its message, and
    // optionally an "automatic" checkbox (autoKey) that disables the pair.
    // While typing, valid values apply at once and errors wait for the field's change event
    // (blur or Enter), so a half-typed "-" does not flash a message.
    function rangeControl({ kMin, kMax, limit, label, error, autoKey }) {
      const msg = el('p', { class: 'field-error', role: 'alert', hidden: true, id: uid('rerr') });
      const lo = numberInput(kMin, state[kMin], limit);
      const hi = numberInput(kMax, state[kMax], limit);
      for (const input of [lo, hi]) input.setAttribute('aria-describedby', msg.id);
      const onRange = (e) => {
        const a = Number(lo.value);
        const b = Number(hi.value);
        const ok = lo.value !== '' && hi.value !== '' && Number.isFinite(a) && Number.isFinite(b) && a < b && a >= -limit && b <= limit;
        if (!ok && e.type === 'input') return;
        msg.hidden = ok;
        msg.textContent = ok ? '' : error;
        lo.setAttribute('aria-invalid', String(!ok));
        hi.setAttribute('aria-invalid', String(!ok));
        if (ok) { ctx.setState({ [kMin]: a, [kMax]: b }); redraw(); }
      };
      for (const input of [lo, hi]) {
        input.addEventListener('input', onRange);
        input.addEventListener('change', onRange);
      }
      const group = el('div', { class: 'field range-field', role: 'group', 'aria-label': label },
        el('span', { class: 'field-label', text: label }),
        el('label', { class: 'inline' }, el('span', { text: t('curves.xmin') }), lo),
        el('label', { class: 'inline' }, el('span', { text: t('curves.xmax') }), hi));
      if (autoKey) {
        const auto = el('input', { type: 'checkbox', name: autoKey, checked: !!state[autoKey] });
        lo.disabled = hi.disabled = auto.checked;
        auto.addEventListener('change', () => {
          lo.disabled = hi.disabled = auto.checked;
          const patch = { [autoKey]: auto.checked };
          if (!auto.checked) {
            // Start from the range the chart shows now, so unticking changes nothing yet.
            const y = chart.chart.scales.y;
            patch[kMin] = Math.max(-limit, Number(y.min.toPrecision(3)));
            patch[kMax] = Math.min(limit, Number(y.max.toPrecision(3)));
            if (!(patch[kMin] < patch[kMax])) { delete patch[kMin]; delete patch[kMax]; }
            lo.value = String(patch[kMin] ?? state[kMin]);
            hi.value = String(patch[kMax] ?? state[kMax]);
          }
          msg.hidden = true;
          ctx.setState(patch);
          redraw();
        });
        group.firstChild.after(el('label', { class: 'check auto' }, auto, el('span', { text: t('curves.yauto') })));
      }
      return [group, msg];
    }

    function checkbox(key, label) {
      const input = el('input', { type: 'checkbox', name: key, checked: !!state[key] });
      input.addEventListener('change', () => { ctx.setState({ [key]: input.checked }); redraw(); });
      return el('label', { class: 'check' }, input, el('span', { text: label }));
    }

    function functionItem(name) {
      const info = byName.get(name);
      const colour = colourOf(name);
      const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
      swatch.style.backgroundColor = colour;  // from JS: allowed under the CSP
      const removeBtn = el('button', {
        type: 'button', class: 'icon-btn', 'aria-label': t('curves.remove', { name: fnName(name) }), title: t('curves.remove', { name: fnName(name) }),
        text: '×', dataset: { remove: name },
        onclick: () => { ctx.setState({ fn: state.fn.filter((n) => n !== name) }); rebuild('.add-fn select'); },
      });
      const item = el('li', { class: 'fn-item', dataset: { fn: name } },
        el('div', { class: 'fn-item-head' }, swatch, el('span', { class: 'fn-name', text: fnName(name) }), el('code', { class: 'fn-id', text: name }), removeBtn));
      for (const spec of info.params) item.append(paramControl(name, spec));
      const err = el('p', { class: 'field-error', role: 'alert', hidden: true });
      errorSlots.set(name, err);
      item.append(err);
      return item;
    }

    function paramControl(name, spec) {
      const key = `${name}.${spec.name}`;
      const value = state.par[key] ?? spec.default;
      const id = uid('p');
      const step = niceStep(spec.sliderMax - spec.sliderMin);
      const slider = el('input', { id, type: 'range', min: spec.sliderMin, max: spec.sliderMax, step, value, dataset: { param: key } });
      const num = el('input', { type: 'number', class: 'num', min: spec.sliderMin, max: spec.sliderMax, step: 'any', value: String(value), 'aria-label': `${spec.name} (${paramLabel(ctx.i18n, name, spec.name)})` });
      const msg = el('p', { class: 'field-error', role: 'alert', hidden: true, id: uid('perr') });
      num.setAttribute('aria-describedby', msg.id);
      const set = (v) => {
        ctx.setState({ par: { ...state.par, [key]: v } });
        redraw();
      };
      slider.addEventListener('input', () => {
        const v = Number(slider.value);
        num.value = String(Number(v.toPrecision(10)));
        msg.hidden = true;
        num.removeAttribute('aria-invalid');
        set(v);
      });
      const onNumber = (e) => {
        const v = num.value.trim() === '' ? NaN : Number(num.value);
        const ok = Number.isFinite(v) && v >= spec.sliderMin && v <= spec.sliderMax;
        if (!ok && e.type === 'input') return;   // report on change, as for the x range
        msg.hidden = ok;
        msg.textContent = ok ? '' : t('curves.paramRange', { min: fmt(spec.sliderMin), max: fmt(spec.sliderMax) });
        num.setAttribute('aria-invalid', String(!ok));
        if (ok) { slider.value = String(v); set(v); }
      };
      num.addEventListener('input', onNumber);
      num.addEventListener('change', onNumber);
      return el('div', { class: 'param' },
        el('label', { for: id, class: 'param-label' }, el('code', { text: spec.name }), el('span', { class: 'muted', text: ` ${paramLabel(ctx.i18n, name, spec.name)}` })),
        el('div', { class: 'param-row' }, slider, num), msg);
    }

    function resetView() {
      const par = { ...state.par };
      for (const name of state.fn) for (const p of byName.get(name).params) delete par[`${name}.${p.name}`];
      const view = {};
      for (const k of ['xmin', 'xmax', 'yauto', 'ymin', 'ymax', 'df', 'sat']) view[k] = DEFAULTS[k];
      ctx.setState({ ...view, par });
      rebuild('.controls button.secondary');
    }

    // ---- legend and details
    function buildLegend() {
      clear(legend);
      const item = (cls, text) => el('span', { class: 'legend-item' }, el('span', { class: `legend-key ${cls}`, 'aria-hidden': 'true' }), el('span', { text }));
      legend.append(item('solid', t('curves.legendF')));
      if (state.df) legend.append(item('dashed', t('curves.legendDf')));
      if (state.sat) legend.append(item('band', t('curves.legendSat', { thr: SAT_THRESHOLD })));
    }

    function buildDetails() {
      clear(details);
      pointLists.clear();
      for (const name of state.fn) {
        const info = byName.get(name);
        const swatch = el('span', { class: 'swatch', 'aria-hidden': 'true' });
        swatch.style.backgroundColor = colourOf(name);
        const fTex = el('div', { class: 'math' });
        const dTex = el('div', { class: 'math' });
        tex(fTex, info.formulaTex);
        tex(dTex, info.derivativeTex);
        const points = el('ul', { class: 'points' });
        pointLists.set(name, points);
        const meta = [];
        if (info.aliases?.length) meta.push(t('curves.aliases', { list: info.aliases.join(', ') }));
        if (info.source) meta.push(t('curves.source', { source: info.source }));
        details.append(el('article', { class: 'fn-card', dataset: { fn: name } },
          el('h3', {}, swatch, fnName(name)),
          el('p', { class: 'about', text: t(`about.${name}`) }),
          el('div', { class: 'fn-card-body' },
            el('dl', { class: 'formulas' },
              el('dt', { text: t('curves.formula') }), el('dd', {}, fTex),
              el('dt', { text: t('curves.derivative') }), el('dd', {}, dTex)),
            el('div', { class: 'notes' }, el('h4', { text: t('curves.points') }), points)),
          meta.length ? el('p', { class: 'meta muted', text: meta.join(' ') }) : null));
      }
      updatePoints();
    }

    function updatePoints() {
      for (const [name, ul] of pointLists) {
        const kinks = kinksOf.get(name) || [];
        clear(ul);
        for (const p of lessonPoints(byName.get(name), paramsOf(name), kinks.length > 0)) {
          ul.append(el('li', { class: `point point-${p.key.split('.')[0]}`, text: t(p.key, p.vars) }));
        }
        if (kinks.length) ul.append(el('li', { class: 'point point-kinks', text: t('curves.kinks', { list: kinks.map((k) => fmt(k)).join(', ') }) }));
      }
    }

    // ---- drawing: one evaluate() per function
    function redraw() {
      const xs = linspace(state.xmin, state.xmax, SAMPLES);
      const series = [];
      const bands = [];
      for (const name of state.fn) {
        const slot = errorSlots.get(name);
        try {
          const r = engine.evaluate(name, paramsOf(name), xs);
          const colour = colourOf(name);
          series.push({ label: fnName(name), color: colour, y: r.y, dy: r.dy, kinks: Array.from(r.kinks || []) });
          if (state.sat) bands.push({ color: colour, intervals: saturationIntervals(xs, r.dy, SAT_THRESHOLD) });
          kinksOf.set(name, Array.from(r.kinks || []).filter((k) => k >= state.xmin && k <= state.xmax));
          if (slot) { slot.hidden = true; slot.textContent = ''; }
        } catch (e) {
          kinksOf.set(name, []);
          if (slot) {
            slot.hidden = false;
            slot.textContent = t('curves.drawError', { name: fnName(name), msg: errorText(e) });
          }
        }
      }
      chart.update({
        xs, xmin: state.xmin, xmax: state.xmax, showDerivative: state.df, bands, series,
        ymin: state.yauto ? undefined : state.ymin, ymax: state.yauto ? undefined : state.ymax,
      });
      canvas.setAttribute('aria-label', t('curves.chartLabel', {
        names: series.map((s) => s.label).join(', ') || '—', xmin: fmt(state.xmin), xmax: fmt(state.xmax),
      }));
      buildLegend();
      updatePoints();
    }

    // Rebuilds controls and details after a structural change, keeping focus near `focusSel`.
    function rebuild(focusSel) {
      buildControls();
      buildDetails();
      redraw();
      const target = focusSel && controls.querySelector(focusSel.replace(/^\.controls /, ''));
      if (target) target.focus();
    }

    rebuild();
    return {
      destroy() {
        chart.destroy();
        section.remove();
      },
    };
  },
};
