// The panel's introduction (its .panel-head .lead paragraph) as a disclosure: the first
// sentence always shows, the rest opens and closes. It starts open on screens tall enough to
// show the panel's chart below it (a projector at 1280 x 800 is not) and remembers the
// reader's choice for the rest of the visit. Applied by the host after a panel is mounted.

import { el } from './dom.js';

const TALL = '(min-height: 900px)';
let chosen = null;   // the reader's last choice (true = open) on this page, or null

// "First sentence." and the rest; a sentence ends with . ! ? or their full-width forms.
function splitFirst(text) {
  const m = /^(.+?[.!?。！？])\s*(\S[\s\S]*)$/.exec(text.trim());
  return m ? [m[1], m[2]] : [text, ''];
}

/** Turns every `.panel-head > .lead` inside `root` into a collapsible introduction. */
export function collapseIntros(root) {
  for (const lead of root.querySelectorAll('.panel-head > p.lead')) {
    const [first, rest] = splitFirst(lead.textContent);
    if (!rest) continue;
    const tall = globalThis.matchMedia ? globalThis.matchMedia(TALL).matches : true;
    const details = el('details', { class: 'intro', open: chosen ?? tall },
      el('summary', { class: 'lead intro-first', text: first }),
      el('p', { class: 'lead intro-rest', text: rest }));
    details.addEventListener('toggle', () => { chosen = details.open; });
    lead.replaceWith(details);
  }
}
