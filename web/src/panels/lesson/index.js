// The guided lesson: the lesson's argument in order (steps.js), one claim a step. The reader
// predicts, then runs: the step mounts another panel through the registry with a preset state
// (presets.js) and reads the measured numbers from that panel's own signals. URL fields:
// step (1-based) and present (the presenter view, large type for a projector). Arrow keys
// move between steps unless the focus is in a form control. It runs no numerics itself.

import { el, uid } from '../../kit/dom.js';
import { fmt } from '../../i18n.js';
import { signal } from '../../signals.js';
import { defaultState, toHash } from '../../state.js';
import { createSession } from '../../kit/network_session.js';
import { panelById } from '../index.js';
import { STEPS } from './steps.js';

const predictions = new Map();   // step id -> the answer chosen during this visit

/** True when a key press belongs to a form control or a composite widget, not to the lesson. */
function ownedByControl(e) {
  const target = e.composedPath()[0];
  return !(target instanceof Element) || Boolean(target.closest('input, select, textarea, [contenteditable], [role="tablist"], [role="radiogroup"], [role="slider"]'));
}

export default {
  id: 'lesson',
  titleKey: 'panel.lesson',

  mount(root, ctx) {
    const { t } = ctx.i18n;
    const { engine, state } = ctx;
    const n = STEPS.length;
    state.step = Math.min(n, Math.max(1, Math.round(state.step) || 1));
    ctx.setState({});
    let child = null;        // { instance, observer } of the mounted panel
    let session = null;      // the lesson's own network session, for panels that want one

    const headingId = uid('h');
    const section = el('section', { class: `panel panel-lesson${ctx.compact ? ' compact' : ''}`, 'aria-labelledby': headingId });
    const presentBtn = el('button', { type: 'button', class: 'btn secondary ls-present', onclick: () => setPresent(!state.present) });
    const stepList = el('ol', { class: 'ls-steps' });
    const body = el('article', { class: 'ls-step', 'aria-live': 'off' });
    const prevBtn = el('button', { type: 'button', class: 'btn secondary ls-prev', text: t('ls.prev'), onclick: () => go(state.step - 1) });
    const nextBtn = el('button', { type: 'button', class: 'btn ls-next', text: t('ls.next'), onclick: () => go(state.step + 1) });
    section.append(
      el('header', { class: 'panel-head ls-head' },
        el('div', { class: 'ls-title' }, el('h2', { id: headingId, text: t('ls.heading') }), presentBtn),
        ctx.compact ? null : el('p', { class: 'lead', text: t('ls.intro') })),
      el('nav', { class: 'ls-nav', 'aria-label': t('ls.steps') }, stepList),
      body,
      el('div', { class: 'ls-pager' }, prevBtn, el('span', { class: 'ls-keys muted', text: t('ls.keys') }), nextBtn));
    root.append(section);

    // A link to index.html showing `panel` with `preset`: in this tab on the page, in a new one
    // from an embedded lesson (embed.html or an <activation-lab> element).
    const onPage = root.getRootNode() === document && document.body.dataset.mode !== 'embed';
    function linkTo(panel, preset, text) {
      const s = { ...defaultState(), ...preset, panel, lang: state.lang };
      const hash = toHash(s, ['lang', 'panel']);
      return el('a', { href: onPage ? `#${hash}` : `index.html#${hash}`, target: onPage ? false : '_blank', rel: onPage ? false : 'noopener', text });
    }

    function setPresent(on) {
      ctx.setState({ present: on });
      section.classList.toggle('present', on);
      presentBtn.textContent = t(on ? 'ls.presentOff' : 'ls.present');
      presentBtn.setAttribute('aria-pressed', String(on));
    }

    function go(k) {
      if (k < 1 || k > n || k === state.step) return;
      ctx.setState({ step: k });
      show();
    }

    function unmountChild() {
      if (!child) return;
      child.observer.disconnect();
      child.instance.destroy();
      child = null;
    }

    function show() {
      unmountChild();
      const step = STEPS[state.step - 1];
      const key = (s) => `ls.${step.id}.${s}`;
      stepList.replaceChildren(...STEPS.map((s, i) => el('li', {},
        el('a', { href: `#${toHash({ ...state, step: i + 1 }, ['lang', 'panel'])}`, 'aria-current': i + 1 === state.step ? 'step' : false,
          title: t(`ls.${s.id}.title`), 'aria-label': `${t('ls.stepOf', { k: i + 1, n })}: ${t(`ls.${s.id}.title`)}`, text: String(i + 1),
          onclick: (e) => { if (!e.ctrlKey && !e.metaKey && !e.shiftKey) { e.preventDefault(); go(i + 1); } } }))));
      prevBtn.disabled = state.step === 1;
      nextBtn.disabled = state.step === n;
      signal(section, 'lessonStep', state.step);
      signal(section, 'lessonState', 'predict');
      delete section.dataset.measured;

      const name = uid('pred');
      const chosen = predictions.get(step.id);
      const runBtn = el('button', { type: 'submit', class: 'btn exp-primary ls-run', text: t('ls.run'), disabled: chosen === undefined });
      const hint = el('p', { class: 'hint ls-pick', text: t('ls.pickFirst'), hidden: chosen !== undefined });
      const options = Array.from({ length: step.answers }, (_, i) => el('label', { class: 'check ls-answer' },
        el('input', { type: 'radio', name, value: String(i), checked: chosen === i,
          onchange: () => { predictions.set(step.id, i); runBtn.disabled = false; hint.hidden = true; } }),
        el('span', { text: t(key(`a${i}`)) })));
      const form = el('form', { class: 'card ls-predict', onsubmit: (e) => { e.preventDefault(); run(); } },
        el('fieldset', {}, el('legend', {}, el('span', { class: 'claim-tag', text: t('ls.predict') }), ' ', t(key('q'))), ...options),
        el('div', { class: 'exp-bar' }, runBtn, hint));
      const result = el('div', { class: 'card ls-result', role: 'status', hidden: true });
      const widget = el('div', { class: 'ls-widget' });
      const extra = step.links ? el('p', { class: 'ls-links' }, t('ls.see'), ' ',
        ...Object.entries(step.links).flatMap(([k, [panel, preset]], i) => [i ? ' · ' : '', linkTo(panel, preset, t(key(`link.${k}`)))])) : null;
      body.replaceChildren(
        el('p', { class: 'ls-count', text: t('ls.stepOf', { k: state.step, n }) }),
        el('h3', { class: 'ls-step-title', text: t(key('title')) }),
        el('div', { class: 'card ls-claim' }, el('p', { class: 'claim-tag', text: t('ls.claimTag') }), el('p', { class: 'claim-text', text: t(key('claim')) })),
        form, result, widget,
        el('details', { class: 'ls-notes', open: false }, el('summary', { text: t('ls.notes') }), el('p', { text: t(key('notes')) }),
          el('p', {}, linkTo(step.panel, step.preset, t('ls.open')))));

      function run() {
        const answer = predictions.get(step.id);
        if (answer === undefined) return;
        unmountChild();
        signal(section, 'lessonState', 'running');
        result.hidden = false;
        result.replaceChildren(el('p', { class: 'hint', text: t('ls.running') }));
        const panel = panelById(step.panel);
        const childState = { ...defaultState(), ...structuredClone(step.preset), panel: step.panel, lang: state.lang, theme: state.theme };
        if (!session) session = createSession(engine);
        widget.replaceChildren();
        const host = el('div', { class: 'panel-host ls-panel-host' });
        widget.append(host);
        const instance = panel.mount(host, { engine, state: childState, setState: (p) => Object.assign(childState, p), session, compact: true, i18n: ctx.i18n, options: step.options });
        let shown = '';
        const check = () => {
          const m = step.read(host, fmt);
          if (!m) return;
          const text = JSON.stringify(m.vars);
          if (text === shown) return;
          const first = shown === '';
          shown = text;
          const right = step.judge(m.value, host, m);
          result.replaceChildren(
            el('p', { class: 'claim-tag', text: t('ls.measuredTag') }),
            el('p', { class: 'ls-measured', text: t(key('measured'), m.vars) }),
            el('p', { class: right === answer ? 'ls-verdict ok' : 'ls-verdict miss', text: right === answer
              ? t('ls.match', { choice: t(key(`a${answer}`)) })
              : t('ls.miss', { choice: t(key(`a${answer}`)), right: t(key(`a${right}`)) }) }),
            el('h4', { text: t('ls.shows') }), el('p', { class: 'ls-shows', text: t(key('shows')) }),
            el('h4', { text: t('ls.not') }), el('p', { class: 'ls-not', text: t(key('not')) }), ...(extra ? [extra] : []));
          section.dataset.measured = String(m.value);
          signal(section, 'lessonState', 'measured');
          // The number the class predicted, on screen (a projector shows little of the page).
          if (first) result.scrollIntoView({ block: 'nearest' });
        };
        const observer = new MutationObserver(check);
        observer.observe(host, { subtree: true, childList: true, attributes: true });
        child = { instance, observer };
        check();
      }
    }

    // Arrow keys: previous and next step, unless a control wants them.
    const onKey = (e) => {
      if (!section.isConnected || e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey || e.shiftKey || ownedByControl(e)) return;
      if (e.key === 'ArrowRight') { e.preventDefault(); go(state.step + 1); }
      else if (e.key === 'ArrowLeft') { e.preventDefault(); go(state.step - 1); }
      else if (e.key === 'Escape' && state.present) setPresent(false);
    };
    const keyTarget = root.getRootNode() instanceof ShadowRoot ? root.getRootNode().host : document;
    keyTarget.addEventListener('keydown', onKey);

    setPresent(Boolean(state.present));
    show();
    return {
      destroy() {
        keyTarget.removeEventListener('keydown', onKey);
        unmountChild();
        if (session) session.dispose?.();
        section.remove();
      },
    };
  },
};
