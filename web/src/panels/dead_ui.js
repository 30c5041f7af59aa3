// Small view pieces shared by the experiment panels (Dead ReLUs, Speed, Softmax): a
// claim-vs-measurement card, a progress bar with Cancel, a number field that keeps its last
// valid value, and a time-budgeted job loop on animation frames. No numerics here.

import { el, uid } from '../kit/dom.js';
import { t } from '../i18n.js';

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
