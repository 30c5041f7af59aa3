// Entry point of the bundle (dist/app.js). It boots one of three hosts around the panels:
//   index.html  <body data-mode="page">  : header, tab bar, language and theme switches, every panel
//   embed.html  <body data-mode="embed"> : one panel (?panel=id), compact, for iframes
//   <activation-lab panel="id">          : a custom element for tutorial pages
// In the first two the state lives in the URL hash; the element keeps it in attributes.
// Each host sets its theme (data-theme, light or dark) on its own root: <html>, or the frame
// inside an element.
// It owns no teaching content and no numerics: panels and engine.js do.

import { createEngine } from './engine.js';
import { createSession } from './kit/network_session.js';
import { PANELS, panelById, DEFAULT_PANEL } from './panels/index.js';
import { parseHash, toHash, LANG_CODES, registerEnumValues } from './state.js';
import { translator, langCode, LANGS } from './i18n.js';
import { el, clear } from './kit/dom.js';
import { signal } from './signals.js';
import { resolveTheme, themeSetting, themeSwitch, watchSystemTheme } from './kit/theme.js';
import { collapseIntros } from './kit/intro.js';
import { watchScrollRegions } from './kit/scroll_regions.js';

let enginePromise = null;

/** The engine, created once per page from the global factory core.js defines. */
function getEngine() {
  if (!enginePromise) {
    enginePromise = Promise.resolve().then(() => {
      if (typeof globalThis.createCoreModule !== 'function') throw new Error('core.js is not loaded');
      return createEngine(globalThis.createCoreModule);
    }).then((engine) => {
      // The URL enums whose values are the core's or a panel's (data sets, activations).
      for (const p of PANELS) if (p.enums) registerEnumValues(p.enums(engine));
      return engine;
    });
  }
  return enginePromise;
}

function preferredLang() {
  const nav = (globalThis.navigator && navigator.language) || '';
  return /^zh/i.test(nav) ? 'zh' : 'en';
}

// Every host has its own translator (i18n.translator), handed to its panel as ctx.i18n: the
// words of a host never depend on what another host on the same page did last.

function languageSwitch({ t, lang }, onChange) {
  const group = el('div', { class: 'lang-switch', role: 'group', 'aria-label': t('app.language') });
  for (const l of LANGS) {
    group.append(el('button', {
      type: 'button', lang: l.htmlLang, class: 'lang-btn', dataset: { lang: l.code },
      'aria-pressed': String(l.code === lang), text: l.label,
      onclick: () => { if (l.code !== lang) onChange(l.code); },
    }));
  }
  return group;
}

function messageBox({ t }, text, kind = 'notice', onDismiss = null) {
  const box = el('p', { class: kind, role: kind === 'error' ? 'alert' : 'status' }, el('span', { text }));
  if (onDismiss) {
    box.append(el('button', {
      type: 'button', class: 'icon-btn dismiss', 'aria-label': t('app.dismiss'), title: t('app.dismiss'), text: '×',
      onclick: () => { box.remove(); onDismiss(); },
    }));
  }
  return box;
}

// The values a link (or a `state` attribute) carried, as parsed: handed to the first panel
// mounted with it (ctx.link), which may repair them; later mounts get null, since the state's
// values may by then be the reader's.
function carried(parsed) {
  return JSON.parse(JSON.stringify(Object.fromEntries([...parsed.present].map((k) => [k, parsed.state[k]]))));
}

// ---- index.html and embed.html: state in the URL hash

function bootPage(root, mode) {
  const embed = mode === 'embed';
  let state;
  let issues = [];
  let current = null;        // { panel, instance }
  let session = null;        // the host's network session (kit/network_session.js)
  let lastHash = null;
  let i18n = translator('en');
  let stopWatching = null;   // stops the scroll-region watcher of the mounted panel
  let link = null;           // the values the link carried, until a panel has been mounted with them
  // embed.html?compact=1: the panel without its intro text (and the Playground's lessons)
  const compact = embed && new URLSearchParams(location.search).get('compact') === '1';

  function readHash() {
    const parsed = parseHash(location.hash);
    state = parsed.state;
    issues = parsed.issues;
    link = carried(parsed);
    if (!parsed.present.has('lang')) state.lang = preferredLang();
    if (embed) {
      const query = new URLSearchParams(location.search);
      const q = query.get('panel');
      if (q !== null) state.panel = q;
      // embed.html?panel=regions&lang=zh: the query's language, unless the hash names one
      const ql = query.get('lang');
      if (ql !== null && !parsed.present.has('lang') && LANG_CODES.includes(ql)) state.lang = ql;
      // embed.html?theme=dark likewise
      const qt = query.get('theme');
      if (qt !== null && !parsed.present.has('theme')) state.theme = themeSetting(qt);
    }
    if (!panelById(state.panel)) {
      issues.unshift({ key: 'panel', raw: state.panel, unknownPanel: true });
      state.panel = DEFAULT_PANEL;
    }
    i18n = translator(state.lang);
  }

  // The history entries this page wrote carry OWN_ENTRY as their state: Back or Forward to
  // one shows its panel and settings in the language and theme the reader has chosen since
  // (they are preferences, not places); an address edited by hand is followed as written.
  const OWN_ENTRY = Object.freeze({ activationLab: true });

  // The hash follows the state at most every HASH_INTERVAL ms (a dragged slider fires many
  // input events, and Chromium throttles and warns about rapid history.replaceState calls);
  // the last change is always written. Tests wait for the write through the signals
  // data-hash-seq, data-hash-pending and window.alab.hashFlushed() (see signals.js).
  const HASH_INTERVAL = 250;
  let lastWrite = 0;
  let pending = null;
  let hashSeq = 0;
  const flushWaiters = [];

  function flushHash() {
    if (pending) { clearTimeout(pending); pending = null; }
    lastWrite = Date.now();
    const h = `#${toHash(state, ['lang'])}`;
    if (h !== location.hash) {
      lastHash = h;
      try {
        history.replaceState(OWN_ENTRY, '', h);
      } catch {
        location.replace(h);
      }
      signal(document.body, 'hashSeq', ++hashSeq);
    } else if (!(history.state && history.state.activationLab)) {
      history.replaceState(OWN_ENTRY, '', h);   // the entry the page opened on becomes its own
    }
    delete document.body.dataset.hashPending;
    for (const resolve of flushWaiters.splice(0)) resolve(location.hash);
  }

  function writeHash() {
    if (pending) return;
    const wait = HASH_INTERVAL - (Date.now() - lastWrite);
    if (wait <= 0) flushHash();
    else {
      pending = setTimeout(flushHash, wait);
      signal(document.body, 'hashPending', 1);
    }
  }

  globalThis.alab = {
    ...globalThis.alab,
    /** location.hash once every state change so far has been written to it. */
    hashFlushed: () => new Promise((resolve) => { if (pending) flushWaiters.push(resolve); else resolve(location.hash); }),
  };

  function setState(patch) {
    Object.assign(state, patch);
    writeHash();
  }

  // Choosing a panel is a history entry, so Back returns to the previous panel; every other
  // change (a slider, a setting, the language) replaces the current entry (flushHash). The
  // panel being left first gets its latest settings written into its own entry.
  function choosePanel(id) {
    flushHash();
    state.panel = id;
    const h = `#${toHash(state, ['lang'])}`;
    lastHash = h;
    try {
      history.pushState(OWN_ENTRY, '', h);
    } catch {
      location.hash = h;
    }
    signal(document.body, 'hashSeq', ++hashSeq);
  }

  // Back, Forward or an edited address: show what the URL says. A throttled write still
  // pending belongs to the entry just left and is dropped, so it cannot overwrite this one.
  function followUrl(engine, ownEntry = false) {
    if (location.hash === lastHash) return;
    if (pending) { clearTimeout(pending); pending = null; }
    lastHash = location.hash;
    const { lang, theme } = state;
    readHash();
    if (ownEntry) {
      Object.assign(state, { lang, theme });
      i18n = translator(lang);
    }
    render(engine);
  }

  // A panel's code comes on its first use (kit/chunks.js): until it has, the page stays as it
  // is, then renders; a focus asked for meanwhile is given after that render.
  let renderToken = 0;
  let waiting = false;
  let pendingFocus = null;
  function render(engine) {
    const token = ++renderToken;
    const wanted = panelById(state.panel);
    waiting = Boolean(engine && !wanted.loaded);
    if (waiting) {
      const done = () => {
        waiting = false;
        const focus = pendingFocus;
        pendingFocus = null;
        return focus;
      };
      wanted.load().then(() => {
        if (token !== renderToken) return;
        const focus = done();
        render(engine);
        if (focus) refocus(focus);
      }, (e) => {
        if (token !== renderToken) return;
        done();
        render(null).append(messageBox(i18n, i18n.t('app.loadFailed', { msg: i18n.errorText(e) }), 'error'));
      });
      return null;
    }
    if (current) current.instance.destroy();
    current = null;
    clear(root);
    if (stopWatching) stopWatching();
    stopWatching = null;
    const { t } = i18n;
    document.documentElement.lang = i18n.htmlLang;
    // The resolved theme (auto: the system's) on <html>: the stylesheet's [data-theme] colours
    // and the charts' palettes (kit/charts.js) follow it.
    document.documentElement.dataset.theme = resolveTheme(state.theme);
    const panel = panelById(state.panel);
    document.title = `${t(panel.titleKey)} · ${t('app.title')}`;

    const header = el('header', { class: embed ? 'topbar compact' : 'topbar' });
    const tools = el('div', { class: 'topbar-tools' });
    const main = el('main', { id: 'content', class: 'content', tabindex: '-1' });
    if (!embed) {
      // Skip link: past the header's tabs and switches, to the panel (the hash is the page's
      // state, so it moves the focus instead of following href).
      root.append(el('a', { class: 'skip-link', href: '#content', text: t('app.skip'),
        onclick: (e) => { e.preventDefault(); main.focus(); } }));
      header.append(el('div', { class: 'brand' },
        el('h1', { text: t('app.title') }), el('p', { class: 'tagline', text: t('app.tagline') })), tools, panelTabs(engine, panel));
    } else {
      const full = `index.html#${toHash({ ...state }, ['lang', 'panel'])}`;
      header.append(el('a', { class: 'open-full', href: full, target: '_blank', rel: 'noopener', text: `${t('app.openFull')} ↗` }), tools);
    }
    tools.append(languageSwitch(i18n, (code) => {
      setState({ lang: code });
      i18n = translator(code);
      render(engine);
      refocus(`.lang-btn[data-lang="${code}"]`);
    }));
    if (!embed) {
      tools.append(themeSwitch(i18n, state.theme, (code) => {
        setState({ theme: code });
        render(engine);
        refocus(`.theme-btn[data-theme-choice="${code}"]`);
      }));
    }

    // Problems with the link stay on screen (in the current language) until dismissed.
    const dismiss = () => { issues = []; };
    for (const i of issues.filter((x) => x.unknownPanel)) {
      main.append(messageBox(i18n, t('app.unknownPanel', { id: i.raw, fallback: t(panel.titleKey) }), 'notice', dismiss));
    }
    const linkNotice = () => {
      const long = issues.find((i) => i.tooLong);
      if (long) return messageBox(i18n, t('app.linkTooLong', { n: long.tooLong, max: long.max }), 'notice', dismiss);
      const keys = [...new Set(issues.filter((i) => !i.unknownPanel).map((i) => i.key || '#'))];
      return keys.length ? messageBox(i18n, t('app.linkIssue', { keys: keys.join(', ') }), 'notice', dismiss) : null;
    };
    let linkBox = linkNotice();
    if (linkBox) main.append(linkBox);
    root.append(header, main);
    if (!embed) root.append(el('footer', { class: 'footer' }, el('p', { text: t('app.footer') })));

    if (!engine) return main;
    const host = el('div', { class: 'panel-host', id: 'alab-tabpanel', role: embed ? false : 'tabpanel', 'aria-labelledby': embed ? false : `alab-tab-${panel.id}` });
    main.append(host);
    // One network session per host, shared by the panels that train the Playground's network
    // (the Playground and the Regions panel's "the Playground's network"), so it outlives a
    // panel switch or a language switch. Panels get it here; they never import each other.
    if (!session) session = createSession(engine);
    // A panel that clamps or drops part of the link it was given (a value the hash's table
    // cannot check, e.g. an activation's parameter) says so through linkIssue(key): the same notice.
    const linkIssue = (key) => {
      if (issues.some((i) => i.key === key && !i.unknownPanel)) return;
      issues.push({ key, raw: String(state[key] ?? '') });
      const box = linkNotice();
      if (linkBox && linkBox.isConnected) linkBox.replaceWith(box); else host.before(box);
      linkBox = box;
    };
    // A panel's repair of the link (a value it cannot show, written back as the one shown).
    current = { panel, instance: panel.mount(host, { engine, state, setState, repair: setState, link, session, compact, i18n, linkIssue }) };
    link = null;   // a later mount (a language switch, another panel) shows the reader's state, not the link's
    collapseIntros(host);
    stopWatching = watchScrollRegions(host, t);
    flushHash();
    return main;
  }

  // The panel tabs: a tablist (one Tab stop, the chosen tab; arrow keys, Home and End move
  // between tabs; Enter or Space opens one, since opening a panel rebuilds the page).
  function panelTabs(engine, panel) {
    const { t } = i18n;
    const list = el('div', { class: 'tabs', role: 'tablist', 'aria-label': t('app.panels') });
    for (const p of PANELS) {
      const chosen = p.id === panel.id;
      list.append(el('button', {
        type: 'button', class: 'tab', role: 'tab', id: `alab-tab-${p.id}`, dataset: { panel: p.id }, text: t(p.titleKey),
        'aria-selected': String(chosen), tabindex: chosen ? '0' : '-1',
        'aria-controls': chosen && engine ? 'alab-tabpanel' : false,
        onclick: () => { if (p.id === state.panel) return; choosePanel(p.id); render(engine); refocus(`.tab[data-panel="${p.id}"]`); },
      }));
    }
    list.addEventListener('keydown', (e) => {
      const tabs = [...list.querySelectorAll('[role="tab"]')];
      const i = tabs.indexOf(e.target);
      const next = { ArrowRight: i + 1, ArrowDown: i + 1, ArrowLeft: i - 1, ArrowUp: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
      if (i < 0 || next === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
      e.preventDefault();
      const target = tabs[(next + tabs.length) % tabs.length];
      for (const tab of tabs) tab.tabIndex = tab === target ? 0 : -1;
      target.focus();
    });
    return el('nav', { class: 'tabs-nav', 'aria-label': t('app.panels') }, list);
  }

  // After a re-render, put the keyboard focus back on the control that caused it.
  function refocus(selector) {
    if (waiting) {
      pendingFocus = selector;
      return;
    }
    const target = root.querySelector(selector);
    if (target) target.focus();
  }

  readHash();
  const main = render(null);
  main.append(messageBox(i18n, i18n.t('app.loading')));
  panelById(state.panel).load().catch(() => {});   // the panel's code comes while the engine loads
  getEngine().then((engine) => {
    readHash();   // again, now that every enum of the hash is known
    return panelById(state.panel).load().then(() => engine);
  }).then((engine) => {
    render(engine);
    window.addEventListener('pagehide', flushHash);
    window.addEventListener('hashchange', () => followUrl(engine));
    window.addEventListener('popstate', (e) => followUrl(engine, Boolean(e.state && e.state.activationLab)));
    // theme=auto follows the system: redrawn when it switches between light and dark.
    watchSystemTheme(() => { if (state.theme === 'auto') render(engine); });
    document.body.dataset.ready = '1';
  }).catch((e) => {
    const m = render(null);
    m.append(messageBox(i18n, i18n.t('app.loadFailed', { msg: i18n.errorText(e) }), 'error'));
    document.body.dataset.ready = 'error';
    console.error(e);
  });
}

// ---- embed.html in an iframe: tell the page around it how tall the document is
//
// Message to window.parent: { type: 'activation-lab:height', height } (CSS pixels, the
// whole document), posted on load and whenever the height changes
// (ResizeObserver, from the first layout on). A host that loaded its listener late asks with
// { type: 'activation-lab:get-height' }. README "Embed it" has the host-side snippet; without
// it the iframe keeps its own height and scrolls. body[data-height-posted] is the last height
// sent (a test signal).

function reportHeightToParent() {
  if (window.parent === window) return;
  let sent = -1;
  const post = (always) => {
    const height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height === sent && !always) return;
    sent = height;
    window.parent.postMessage({ type: 'activation-lab:height', height }, '*');
    signal(document.body, 'heightPosted', height);
  };
  new ResizeObserver(() => post(false)).observe(document.documentElement);
  window.addEventListener('message', (e) => {
    if (e.source === window.parent && e.data && e.data.type === 'activation-lab:get-height') post(true);
  });
}

// ---- <activation-lab panel="curves" lang="zh" state="fn=relu,tanh">
//
// A component: each element has its own translator, state, network session and layout.
// Its DOM lives in an open shadow root with the stylesheet linked inside it, so the host
// page's CSS does not reach the panel and the panel's CSS does not reach the host page; it
// lays out by its own width (container queries on .panel-host in style.css).
// Attributes: panel, lang, state, theme. Set from script, the element shows the new value. A
// reader's change is written back to `state` (and to data-state, its name before 0.2) and
// announced by a `change` event: CustomEvent, detail { state, panel }, state in the hash form.
// theme="auto|light|dark" (data-theme is read too; none = auto, the system's setting): the
// theme it means is set as data-theme on the frame inside, where the stylesheet's
// [data-theme] rules and the charts' palettes (kit/charts.js themeOf) can see it.

// The stylesheet next to app.js (README: host core.js, app.js and style.css side by side),
// unless a loader sets ActivationLabElement.stylesheet (customElements.get('activation-lab')).
// Found while app.js runs: later, document.currentScript is gone.
const SCRIPT_URL = globalThis.document && document.currentScript ? document.currentScript.src : '';

/** URL of the stylesheet the element links in its shadow root. */
function elementStylesheet() {
  if (ActivationLabElement.stylesheet) return ActivationLabElement.stylesheet;
  return new URL('style.css', SCRIPT_URL || document.baseURI).href;
}

/** A state object as the element's `state` attribute: the hash form without panel and lang. */
function stateText(state) {
  return toHash({ ...state, panel: undefined, lang: undefined }, []);
}

class ActivationLabElement extends HTMLElement {
  static get observedAttributes() { return ['panel', 'lang', 'state', 'theme', 'data-theme']; }

  constructor() {
    super();
    this.view = null;          // { panel, instance, state } of the mounted panel
    this.session = null;       // this element's network session (kit/network_session.js)
    this.renders = 0;          // bumped by every render; a stale one gives up
    this.shown = '';           // the `state` text this element wrote or showed last
    this.stopWatching = null;  // stops the scroll-region watcher of the mounted panel
    this.stopSystemTheme = null;
    this.stateIssues = [];     // what the last `state` attribute given had wrong, until dismissed
    this.panelNoticeOff = null;   // the unknown panel name whose notice was dismissed
  }

  /** The theme setting: the theme attribute (auto | light | dark; data-theme is read too), auto if none. */
  themeSetting() {
    return themeSetting(this.getAttribute('theme') ?? this.getAttribute('data-theme'));
  }

  connectedCallback() {
    if (!this.shadowRoot) {
      const shadow = this.attachShadow({ mode: 'open' });
      const link = el('link', { rel: 'stylesheet', href: elementStylesheet() });
      // Wait for the stylesheet before the panel is built, so its charts size themselves
      // in the final layout; a missing stylesheet leaves the element plain, still working.
      this.styled = new Promise((resolve) => {
        link.addEventListener('load', resolve, { once: true });
        link.addEventListener('error', resolve, { once: true });
      });
      this.frame = el('div', { class: 'alab-root alab-element' });
      shadow.append(link, this.frame);
    }
    // theme auto (or none) follows the system: shown again when it switches.
    if (!this.stopSystemTheme) this.stopSystemTheme = watchSystemTheme(() => { if (this.themeSetting() === 'auto') this.render(); });
    this.render();
  }

  disconnectedCallback() {
    this.renders += 1;
    this.unmount();
    if (this.stopSystemTheme) this.stopSystemTheme();
    this.stopSystemTheme = null;
  }

  attributeChangedCallback(name, before, value) {
    if (before === value || !this.frame || !this.isConnected) return;
    if (name === 'state' && value === this.shown) return;   // its own reflection
    this.render();
  }

  /** The element's language: its lang attribute or the nearest ancestor's; English otherwise. */
  language() {
    const owner = this.closest('[lang]');
    return langCode(owner ? owner.getAttribute('lang') : '') || 'en';
  }

  unmount() {
    if (this.stopWatching) this.stopWatching();
    this.stopWatching = null;
    if (this.view) this.view.instance.destroy();
    this.view = null;
  }

  render() {
    const token = ++this.renders;
    const i18n = translator(this.language());
    this.frame.lang = i18n.htmlLang;
    this.frame.dataset.theme = resolveTheme(this.themeSetting());
    if (!this.view) this.frame.replaceChildren(messageBox(i18n, i18n.t('app.loading')));
    Promise.all([getEngine(), this.styled, this.panel().load()]).then(([engine]) => {
      if (token !== this.renders || !this.isConnected) return;
      this.mount(engine, i18n);
      this.dataset.ready = '1';
    }).catch((e) => {
      if (token !== this.renders) return;
      this.unmount();
      this.frame.replaceChildren(messageBox(i18n, i18n.t('app.loadFailed', { msg: i18n.errorText(e) }), 'error'));
      this.dataset.ready = 'error';
    });
  }

  /** The panel the panel attribute names (or the default one). */
  panel() {
    return panelById(this.getAttribute('panel') || '') || panelById(DEFAULT_PANEL);
  }

  mount(engine, i18n) {
    this.unmount();
    const panel = this.panel();
    const given = this.getAttribute('state') || '';
    const parsed = parseHash(given);
    const link = given !== this.shown ? carried(parsed) : null;   // a state given from outside, mounted the first time
    const state = { ...parsed.state, panel: panel.id, lang: i18n.lang };
    const host = el('div', { class: 'panel-host' });
    this.frame.replaceChildren(...this.notices(i18n, panel, given, parsed.issues), host);
    // As on the page: a panel that clamps or drops part of its state says so (see bootPage).
    const linkIssue = (key) => {
      if (this.stateIssues.includes(key)) return;
      this.stateIssues.push(key);
      console.warn(`<activation-lab>: part of the state attribute was adjusted: ${key}.`);
      const old = this.frame.querySelector(':scope > .notice.link-issue');
      const box = this.linkNotice(i18n);
      if (old) old.replaceWith(box); else host.before(box);
    };
    let mounting = true;
    // Repairs a panel makes while it is built, or of its state attribute later on (repair),
    // are not the reader's changes: no change event.
    const write = (patch, reader) => {
      Object.assign(state, patch);
      const text = stateText(state);
      if (text === this.shown) return;
      this.reflect(text);
      if (reader) this.dispatchEvent(new CustomEvent('change', { bubbles: true, detail: { state: text, panel: panel.id } }));
    };
    const setState = (patch) => write(patch, !mounting);
    const repair = (patch) => write(patch, false);
    if (!this.session) this.session = createSession(engine);
    this.view = { panel, state, instance: panel.mount(host, { engine, state, setState, repair, link, session: this.session, compact: true, i18n, linkIssue }) };
    this.stopWatching = watchScrollRegions(host, i18n.t);
    mounting = false;
    this.reflect(stateText(state));
  }

  /**
   * The notices the page gives for its link, for this element's attributes: a panel attribute
   * naming no panel, a `state` attribute partly not understood (it is then written back
   * cleaned, so the issues are kept until dismissed or another state is given). Each also
   * goes to the console once, for the host page's author.
   */
  notices(i18n, panel, given, issues) {
    const { t } = i18n;
    const out = [];
    const asked = this.getAttribute('panel') || '';
    if (asked && asked !== panel.id && asked !== this.panelNoticeOff) {
      if (asked !== this.panelWarned) console.warn(`<activation-lab>: there is no panel called "${asked}"; showing ${panel.id} instead.`);
      this.panelWarned = asked;
      out.push(messageBox(i18n, t('app.unknownPanel', { id: asked, fallback: t(panel.titleKey) }), 'notice', () => { this.panelNoticeOff = asked; }));
    }
    if (given !== this.shown) {   // a state given from outside, not this element's own reflection
      this.stateIssues = issues.map((i) => i.key || 'state');
      if (issues.length) console.warn(`<activation-lab>: part of the state attribute was not understood and was ignored or adjusted: ${[...new Set(this.stateIssues)].join(', ')}.`);
    }
    if (this.stateIssues.length) out.push(this.linkNotice(i18n));
    return out;
  }

  /** The notice listing what of the `state` attribute was not understood or was adjusted. */
  linkNotice(i18n) {
    const box = messageBox(i18n, i18n.t('app.linkIssue', { keys: [...new Set(this.stateIssues)].join(', ') }), 'notice', () => { this.stateIssues = []; });
    box.classList.add('link-issue');
    return box;
  }

  /** Writes `text` to the state attribute (and data-state) without re-rendering. */
  reflect(text) {
    this.shown = text;
    this.setAttribute('state', text);
    this.dataset.state = text;
  }
}

if (globalThis.customElements && !customElements.get('activation-lab')) {
  customElements.define('activation-lab', ActivationLabElement);
}

function boot() {
  const root = document.getElementById('alab-app');
  const mode = document.body.dataset.mode === 'embed' ? 'embed' : 'page';
  if (root) bootPage(root, mode);
  if (root && mode === 'embed') reportHeightToParent();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', boot);
else boot();
