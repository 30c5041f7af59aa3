// Small view pieces shared by the experiment panels (Dead ReLUs, Speed, Softmax): their
// constructed stylesheet, a claim-vs-measurement card, a progress bar with Cancel, a number
// field that keeps its last valid value, and a time-budgeted job loop on animation frames.
// No numerics here; experiments/*.js compute, these only show.

import { el, uid } from '../dom.js';
import { t } from '../i18n.js';

const CSS = `
.ex-layout { display: grid; grid-template-columns: minmax(220px, 260px) minmax(0, 1fr); gap: 1.1rem; align-items: start; }
@media (max-width: 820px) { .ex-layout { grid-template-columns: minmax(0, 1fr); } }
.ex-main { display: flex; flex-direction: column; gap: 0.9rem; min-width: 0; }
.ex-card { padding: 0.8rem 1rem; }
.ex-card h3 { font-size: 1rem; margin: 0 0 0.4rem; }
.ex-card p { margin: 0.3rem 0; }
.ex-claim { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 0.8rem; }
@media (max-width: 760px) { .ex-claim { grid-template-columns: minmax(0, 1fr); } }
.ex-claim > div { border-radius: 8px; padding: 0.55rem 0.8rem; }
.ex-said { background: #f3f4f6; border-left: 4px solid #8a93a0; }
.ex-found { background: var(--accent-soft); border-left: 4px solid var(--accent); }
.ex-tag { font-size: 0.72rem; font-weight: 700; letter-spacing: 0.05em; text-transform: uppercase; color: var(--muted); margin: 0 0 0.2rem !important; }
.ex-found p:not(.ex-tag) { font-weight: 500; }
.ex-claim-text { font-weight: 500; }
input.num[type="text"] { font: inherit; font-size: 0.92rem; color: var(--text); background: var(--surface); border: 1px solid #c5cbd4; border-radius: 6px; padding: 0.3rem 0.45rem; }
input.num[type="text"][aria-invalid="true"] { border-color: var(--danger); background: var(--danger-soft); }
.ex-chart { position: relative; height: 300px; }
.ex-chart.short { height: 240px; }
.ex-chart-title { font-size: 0.95rem; margin: 0 0 0.3rem; }
.ex-progress { display: flex; align-items: center; gap: 0.6rem; flex-wrap: wrap; font-size: 0.88rem; color: var(--muted); font-variant-numeric: tabular-nums; }
.ex-progress progress { flex: 1 1 8rem; height: 0.8rem; accent-color: var(--accent); }
.ex-progress .btn { margin: 0; }
.ex-controls .btn { margin-top: 0.6rem; }
.ex-field input.num, .ex-field select { width: 100%; }
.ex-table { border-collapse: collapse; width: 100%; font-size: 0.86rem; font-variant-numeric: tabular-nums; }
.ex-table th, .ex-table td { padding: 0.22rem 0.5rem; text-align: right; border-bottom: 1px solid #edf0f3; }
.ex-table th:first-child, .ex-table td:first-child { text-align: left; }
.ex-table thead th { color: var(--muted); font-weight: 650; font-size: 0.78rem; }
.ex-table-wrap { overflow-x: auto; }
.ex-note { color: var(--muted); font-size: 0.85rem; }
.ex-key { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 2px; vertical-align: -0.1rem; margin-right: 0.3rem; }
.ex-key[data-act="relu"] { background: #0072B2; } .ex-key[data-act="leaky_relu"] { background: #D55E00; }
.ex-key.fwd { background: #0072B2; } .ex-key.bwd { background: #56B4E9; }
.ex-legend { display: flex; flex-wrap: wrap; gap: 0.3rem 1.2rem; }
.ex-radios { border: 0; padding: 0; margin: 0.6rem 0 0; min-width: 0; }
.ex-radios .check { margin-top: 0.2rem; }
.ex-checks { display: grid; grid-template-columns: repeat(auto-fill, minmax(9.5rem, 1fr)); gap: 0.1rem 0.6rem; max-height: 15rem; overflow-y: auto; margin-top: 0.3rem; }
.ex-checks .check { font-size: 0.85rem; }
.ex-row { display: flex; flex-wrap: wrap; gap: 0.4rem; }
.ex-row .btn { margin-top: 0.3rem; }
.sm-scores { display: flex; flex-direction: column; gap: 0.35rem; margin-top: 0.4rem; }
.sm-score { display: grid; grid-template-columns: 1.6rem minmax(0, 1fr) 5.2rem 1.8rem; align-items: center; gap: 0.35rem; }
.sm-score label { font-weight: 650; color: var(--muted); font-size: 0.85rem; }
.sm-score input.num { width: 100%; }
.sm-formula { overflow-x: auto; font-size: 1.1rem; padding: 0.2rem 0; }
.sm-sum { font-size: 1.05rem; font-weight: 650; font-variant-numeric: tabular-nums; }
`;

let installed = false;

/** Adds the experiment panels' stylesheet to the document once (CSP allows constructed sheets). */
export function installExperimentStyle() {
  if (installed || typeof CSSStyleSheet !== 'function' || !document.adoptedStyleSheets) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  installed = true;
}

/** The claim of the lesson beside what this page measured: returns { node, setFound(lines) }. */
export function claimCard(claimText, cls = '') {
  const found = el('div', { class: 'ex-found', role: 'status', 'aria-live': 'polite' });
  const node = el('div', { class: `card ex-card ex-claim ${cls}` },
    el('div', { class: 'ex-said' }, el('p', { class: 'ex-tag', text: t('ex.claim') }), el('p', { class: 'ex-claim-text', text: claimText })),
    found);
  function setFound(lines) {
    found.replaceChildren(el('p', { class: 'ex-tag', text: t('ex.measured') }), ...lines.filter(Boolean).map((s) => el('p', { class: 'ex-found-text', text: s })));
  }
  setFound([t('ex.pending')]);
  return { node, setFound };
}

/** A progress bar with a label and a Cancel button: returns { node, set(done, total, text), running(bool) }. */
export function progressBar(onCancel) {
  const bar = el('progress', { max: 1, value: 0 });
  const label = el('span', { class: 'ex-progress-text' });
  const cancel = el('button', { type: 'button', class: 'btn secondary ex-cancel', text: t('ex.cancel'), onclick: onCancel });
  const node = el('div', { class: 'ex-progress', role: 'status' }, bar, label, cancel);
  return {
    node,
    set(fraction, text) { bar.value = Math.max(0, Math.min(1, fraction)); label.textContent = text; },
    running(on) { cancel.hidden = !on; node.dataset.running = on ? '1' : '0'; },
  };
}

/**
 * A number input that accepts only finite values in [min, max] (integers if `integer`). A bad
 * entry marks the field, shows the message and keeps the last valid value.
 */
export function numberField({ label, value, min, max, step = 'any', integer = false, name, onValue, cls = '' }) {
  const id = uid('ex');
  const input = el('input', { id, type: 'text', inputmode: 'decimal', class: 'num', value: String(value), name, autocomplete: 'off' });
  const err = el('p', { class: 'field-error', hidden: true, role: 'alert' });
  let last = value;
  input.addEventListener('change', () => {
    const raw = input.value.trim().replace(/−/g, '-');
    const v = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw) ? Number(raw) : NaN;
    const ok = Number.isFinite(v) && v >= min && v <= max && (!integer || Number.isInteger(v));
    input.setAttribute('aria-invalid', String(!ok));
    err.hidden = ok;
    err.textContent = ok ? '' : t(integer ? 'ex.intError' : 'ex.numError', { min, max, last });
    if (ok && v !== last) { last = v; onValue(v); }
  });
  const node = el('div', { class: `field ex-field ${cls}` }, el('label', { for: id, text: label }), input, err);
  return { node, input, set(v) { last = v; input.value = String(v); input.setAttribute('aria-invalid', 'false'); err.hidden = true; } };
}

/**
 * Runs job.step(budgetMs) once per animation frame until it reports done or is stopped;
 * onFrame(progress) after every frame, onDone(progress) at the end. Returns { stop() }.
 */
export function runOnFrames(job, { budgetMs = 12, onFrame, onDone, onError }) {
  let raf = 0;
  let stopped = false;
  function frame() {
    raf = 0;
    if (stopped) return;
    let p;
    try {
      p = job.step(budgetMs);
    } catch (e) {
      stopped = true;
      job.cancel?.();
      onError?.(e);
      return;
    }
    onFrame?.(p);
    if (p.done) { stopped = true; onDone?.(p); return; }
    raf = requestAnimationFrame(frame);
  }
  raf = requestAnimationFrame(frame);
  return {
    stop() {
      stopped = true;
      if (raf) cancelAnimationFrame(raf);
      raf = 0;
      job.cancel?.();
    },
    get running() { return !stopped; },
  };
}

/** A percentage for display: 0.3125 -> "31%" (one decimal below 10%). */
export function pct(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const p = 100 * v;
  return `${p !== 0 && Math.abs(p) < 10 ? p.toFixed(1) : Math.round(p)}%`;
}
