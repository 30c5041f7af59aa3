// Helpers shared by the experiment panels (Why non-linearity, Gradient flow, Convergence):
// a driver that runs an experiment generator in time-budgeted chunks per animation frame
// (cancel = generator.return(), so the experiment deletes its trainers), a progress bar, and
// small form fields. Plain DOM, no engine calls and no numerics.

import { el, uid } from '../kit/dom.js';
import { t } from '../i18n.js';

const FRAME_BUDGET_MS = 12;

/**
 * Runs `gen` (yielding { done, total }) within FRAME_BUDGET_MS per frame. Callbacks:
 * onProgress(p), onDone(value), onError(e). Returns { cancel(), running() }.
 */
export function driveJob(gen, { onProgress, onDone, onError, budgetMs = FRAME_BUDGET_MS }) {
  let raf = 0;
  let live = true;
  function frame() {
    raf = 0;
    if (!live) return;
    const t0 = performance.now();
    try {
      let r;
      do {
        r = gen.next();
        if (r.done) {
          live = false;
          onDone(r.value);
          return;
        }
      } while (performance.now() - t0 < budgetMs);
      if (onProgress) onProgress(r.value);
    } catch (e) {
      live = false;
      try { gen.return(); } catch {}
      onError(e);
      return;
    }
    raf = requestAnimationFrame(frame);
  }
  raf = requestAnimationFrame(frame);
  return {
    cancel() {
      if (!live) return;
      live = false;
      if (raf) cancelAnimationFrame(raf);
      raf = 0;
      gen.return();
    },
    running: () => live,
  };
}

/** A progress bar with a cancel button: { root, show(fraction, text), hide(), cancelButton }. */
export function progressBar(onCancel) {
  const bar = el('progress', { class: 'xp-progress-bar', max: 1, value: 0 });
  const label = el('span', { class: 'xp-progress-text', role: 'status' });
  const cancel = el('button', { type: 'button', class: 'btn secondary xp-cancel', text: t('xp.cancel'), onclick: onCancel });
  const root = el('div', { class: 'xp-progress', hidden: true }, bar, label, cancel);
  return {
    root,
    cancelButton: cancel,
    show(fraction, text) {
      root.hidden = false;
      bar.value = Math.max(0, Math.min(1, fraction));
      label.textContent = text ?? t('xp.progress', { pct: Math.round(100 * fraction) });
    },
    hide() { root.hidden = true; },
  };
}

/** A whole-number field checked against [min, max]; onChange(value) on a valid change. */
export function intField(name, label, value, min, max, onChange, step = 1) {
  const id = uid('xp');
  const input = el('input', { id, type: 'number', class: 'num', min, max, step, value, name });
  const err = el('p', { class: 'field-error', hidden: true });
  input.addEventListener('change', () => {
    const v = Number(input.value);
    const ok = input.value.trim() !== '' && Number.isFinite(v) && v >= min && v <= max && (step !== 1 || Number.isInteger(v));
    input.setAttribute('aria-invalid', String(!ok));
    err.hidden = ok;
    err.textContent = ok ? '' : t(step === 1 ? 'xp.intError' : 'xp.numError', { min, max });
    if (ok) onChange(v);
  });
  return el('div', { class: 'field xp-field' }, el('label', { for: id, text: label }), input, err);
}

/** A <select> field; onChange(value). */
export function selectField(name, label, values, current, nameOf, onChange) {
  const id = uid('xp');
  const select = el('select', { id, name });
  for (const v of values) select.append(el('option', { value: v, selected: v === current, text: nameOf(v) }));
  select.addEventListener('change', () => onChange(select.value));
  return el('div', { class: 'field xp-field' }, el('label', { for: id, text: label }), select);
}

/** Checkboxes for a subset of `values`; onChange(selected list in `values` order). */
export function checkList(name, legend, values, selected, nameOf, onChange) {
  const box = el('fieldset', { class: 'xp-checks' }, el('legend', { class: 'field-label', text: legend }));
  const inputs = values.map((v) => el('input', { type: 'checkbox', name, value: v, checked: selected.includes(v) }));
  inputs.forEach((input, i) => {
    input.addEventListener('change', () => onChange(values.filter((_, j) => inputs[j].checked)));
    box.append(el('label', { class: 'check' }, input, el('span', { text: nameOf(values[i]) })));
  });
  return box;
}

/** A claim card: the claim, then the measured result (filled by the panel). */
export function claimCard(claimText) {
  const result = el('p', { class: 'xp-result', 'aria-live': 'polite' });
  const root = el('section', { class: 'card xp-claim' },
    el('h3', { text: t('xp.claim') }), el('p', { class: 'xp-claim-text', text: claimText }),
    el('h3', { text: t('xp.measured') }), result);
  return { root, result };
}

/** Whole number in [min, max] from a state value (the hash parser already clamps). */
export function whole(v, min, max, fallback) {
  const n = Math.round(Number(v));
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}
