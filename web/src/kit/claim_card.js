// The claim card: what the lesson says beside what this page measured, the same on every
// experiment panel. The panel computes the sentences; this only shows them, in the language
// of the host's translator (i18n.translator) it is given.

import { el } from './dom.js';
/** Returns { node, setFound(lines) }; falsy lines are skipped, "Measuring…" until set. */
export function claimCard({ t }, claimText, cls = '') {
  const found = el('div', { class: 'claim-found', role: 'status', 'aria-live': 'polite' });
  const node = el('div', { class: `card claim-card ${cls}`.trim() },
    el('div', { class: 'claim-said' }, el('p', { class: 'claim-tag', text: t('ex.claim') }), el('p', { class: 'claim-text', text: claimText })),
    found);
  function setFound(lines) {
    found.replaceChildren(el('p', { class: 'claim-tag', text: t('ex.measured') }),
      ...lines.filter(Boolean).map((s) => el('p', { class: 'claim-found-text', text: s })));
  }
  setFound([t('ex.pending')]);
  return { node, setFound };
}
