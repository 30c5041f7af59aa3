// The one progress bar of the page: a bar, a label and a Cancel button, for every job that
// takes longer than a frame (sweeps, timings, training to a target). Plain DOM.
// node.dataset.running is "1" while a job runs and "0" once it ended, for readers and tests.

import { el } from './dom.js';
/**
 * Returns { node, cancelButton, show(fraction, text), finish(text), hide() }; starts hidden.
 * Its words come from the host's translator `i18n`.
 */
export function progressBar({ t }, onCancel) {
  const bar = el('progress', { class: 'progress-meter', max: 1, value: 0 });
  const label = el('span', { class: 'progress-text' });
  const cancelButton = el('button', { type: 'button', class: 'btn secondary progress-cancel', text: t('ex.cancel'), onclick: onCancel });
  const node = el('div', { class: 'progress', role: 'status', hidden: true, dataset: { running: '0' } }, bar, label, cancelButton);
  function set(fraction, text) {
    node.hidden = false;
    bar.value = Math.max(0, Math.min(1, fraction));
    label.textContent = text ?? t('xp.progress', { pct: Math.round(100 * bar.value) });
  }
  return {
    node,
    cancelButton,
    /** Visible and running: the bar at `fraction` (0..1), Cancel offered. */
    show(fraction, text) {
      set(fraction, text);
      cancelButton.hidden = false;
      node.dataset.running = '1';
    },
    /** The job ended: the bar stays (at `fraction` with `text`, if given), Cancel goes. */
    finish(text, fraction) {
      node.hidden = false;
      if (fraction !== undefined) bar.value = Math.max(0, Math.min(1, fraction));
      if (text !== undefined) label.textContent = text;
      cancelButton.hidden = true;
      node.dataset.running = '0';
    },
    hide() {
      node.hidden = true;
      node.dataset.running = '0';
    },
  };
}
