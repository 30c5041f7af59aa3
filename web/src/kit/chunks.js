// Code loaded when it is first needed. Each panel is a chunk of its own: dist/app.js holds the
// page's frame and the modules panels share, dist/panel-<id>.js one panel's own modules
// (scripts/build-web.mjs splits them). A chunk is a classic script, like app.js, so it loads
// from file://, under a CSP of script-src 'self' and from a host page in another directory:
// its address is resolved against app.js's own (document.currentScript while app.js runs).
// A chunk takes the modules it shares with app.js from app.js's registry, so there is one
// instance of each module on the page (one Chart.js, one frame loop).
// In node and when web/src runs unbundled, a panel's loader is a plain import() and none of
// this is used.

const KEY = '__activationLab';
const scope = globalThis;
const hub = scope[KEY] || (scope[KEY] = { shared: {}, chunks: {}, waiting: {} });
// The address app.js was loaded from (chunks sit next to it); '' outside a classic script.
const base = typeof document !== 'undefined' && document.currentScript && document.currentScript.src
  ? document.currentScript.src : '';

/** app.js: publishes the modules chunks import from it, by their path under web/src. */
export function shareModules(modules) {
  for (const [name, ns] of Object.entries(modules)) {
    // An object that reads through to the module's live bindings, marked as an ES module
    // for the chunk's import code.
    const view = { __esModule: true };
    for (const k of Object.keys(ns)) Object.defineProperty(view, k, { get: () => ns[k], enumerable: true });
    hub.shared[name] = view;
  }
}

/** A chunk's last statement: hands its exports to whoever waits for them. */
export function defineChunk(name, exports) {
  hub.chunks[name] = exports;
  const w = hub.waiting[name];
  if (w) w.resolve(exports);
}

/** The exports of chunk `name`, loading dist/<name>.js (once) next to app.js. */
export function loadChunk(name) {
  if (hub.chunks[name]) return Promise.resolve(hub.chunks[name]);
  let w = hub.waiting[name];
  if (!w) {
    w = hub.waiting[name] = {};
    w.promise = new Promise((resolve, reject) => {
      w.resolve = resolve;
      const script = document.createElement('script');
      script.src = new URL(`${name}.js`, base || document.baseURI).href;
      script.onerror = () => {
        delete hub.waiting[name];
        script.remove();
        reject(new Error(`${name}.js could not be loaded`));
      };
      document.head.append(script);
    });
  }
  return w.promise;
}

/**
 * A panel of the registry whose code is loaded on first use: { id, titleKey, enums } given
 * here, mount from the module `load()` imports. load() gives the module's namespace (a
 * dynamic import) or, in the built page, { __chunk: name } to load with loadChunk.
 * panel.load() loads it (a promise); once it has, mount is the panel's own, synchronous;
 * before, mount fills the host when the code has come.
 */
export function lazyPanel(meta, load) {
  let module = null;
  let loading = null;
  const panel = {
    ...meta,
    get loaded() { return module !== null; },
    load() {
      if (!loading) {
        loading = load()
          .then((ns) => (ns && ns.__chunk ? loadChunk(ns.__chunk) : ns))
          .then((ns) => {
            const real = ns.default;
            if (!real || real.id !== meta.id) throw new Error(`the code of panel ${meta.id} is not that panel`);
            module = real;
            return real;
          });
        loading.catch(() => { loading = null; });
      }
      return loading;
    },
    mount(host, ctx) {
      if (module) return module.mount(host, ctx);
      let inner = null;
      let gone = false;
      panel.load().then((real) => {
        if (!gone) inner = real.mount(host, ctx);
      }, (e) => {
        if (!gone) host.textContent = ctx.i18n.t('app.loadFailed', { msg: e.message });
      });
      return { destroy() { gone = true; if (inner) inner.destroy(); } };
    },
  };
  return panel;
}
