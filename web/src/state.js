// Page state <-> URL hash. One table (FIELDS) lists every setting of every panel: its hash
// key, type, default and limits. Parsing never throws: a malformed, hostile or out-of-range
// value is dropped (the default is kept) or clamped, and each problem is reported in
// `issues` so the page can say so. This module knows nothing about the DOM or the engine;
// checks that need the catalogue (is "fn" a real activation?) are done by the panel.
// Enums whose values are facts of the core or choices of a panel (data sets, activations)
// are not written here: they are `values: ENUM_FROM_PANELS` and the panels register them
// once the engine is loaded (registerEnumValues); until then any identifier is accepted.

import { parseDecimal } from './kit/numbers.js';

// Identifiers in the hash: activation names, parameter names, panel ids.
const ID = /^[a-z][a-z0-9_]{0,39}$/;
const MAX_HASH = 4000;

export const LANG_CODES = ['en', 'zh'];
/** Colour themes: auto follows the system's prefers-color-scheme. */
export const THEME_CODES = ['auto', 'light', 'dark'];

// Marks an enum whose values come from the panels (and through them from the core).
const ENUM_FROM_PANELS = null;
const registered = new Map();   // key -> allowed values, from registerEnumValues

/**
 * Sets the allowed values of the enum fields filled at run time ({ ds: [...], ract: [...] }).
 * Unknown keys and keys of fixed enums are refused with an Error (a programming mistake).
 */
export function registerEnumValues(lists) {
  for (const [key, values] of Object.entries(lists)) {
    const f = FIELDS.find((x) => x.key === key);
    if (!f || f.type !== 'enum' || f.values !== ENUM_FROM_PANELS) throw new Error(`${key} is not an enum filled by the panels`);
    registered.set(key, values.slice());
  }
}

/** The allowed values of an enum field (null while a run-time enum is not registered yet). */
export function enumValues(field) {
  return field.values === ENUM_FROM_PANELS ? registered.get(field.key) ?? null : field.values;
}

// type: 'id' | 'enum' | 'bool' | 'number' | 'idList' | 'intList' | 'numberList' | 'numberMap'
export const FIELDS = [
  { key: 'panel', type: 'id', default: 'curves' },
  { key: 'lang', type: 'enum', values: LANG_CODES, default: 'en' },
  { key: 'theme', type: 'enum', values: THEME_CODES, default: 'auto' },
  // Curves panel
  { key: 'fn', type: 'idList', default: ['sigmoid', 'tanh', 'relu'], maxItems: 8 },
  { key: 'xmin', type: 'number', default: -5, min: -100, max: 100 },
  { key: 'xmax', type: 'number', default: 5, min: -100, max: 100 },
  { key: 'yauto', type: 'bool', default: true },
  { key: 'ymin', type: 'number', default: -2, min: -1000, max: 1000 },
  { key: 'ymax', type: 'number', default: 6, min: -1000, max: 1000 },
  { key: 'df', type: 'bool', default: true },
  { key: 'sat', type: 'bool', default: true },
  // Parameter values, "fn.param:value" pairs: par=leaky_relu.negative_slope:0.1,elu.alpha:2
  { key: 'par', type: 'numberMap', default: {}, maxItems: 40 },
  // Playground panel: data, network, training settings (own points are not in the link)
  { key: 'ds', type: 'enum', values: ENUM_FROM_PANELS, default: 'circle' },
  { key: 'noise', type: 'number', default: 0.1, min: 0, max: 1 },
  { key: 'seed', type: 'number', default: 1, min: 0, max: 999999 },
  { key: 'split', type: 'number', default: 0.5, min: 0, max: 0.9 },
  { key: 'layers', type: 'intList', default: [8, 8], min: 1, max: 64, maxItems: 8 },
  { key: 'act', type: 'idList', default: ['tanh', 'tanh'], maxItems: 8, unique: false },
  { key: 'lr', type: 'number', default: 0.03, min: 1e-6, max: 100 },
  { key: 'batch', type: 'number', default: 10, min: 1, max: 1000 },
  { key: 'opt', type: 'enum', values: ['sgd', 'momentum', 'adam'], default: 'sgd' },
  { key: 'l2', type: 'number', default: 0, min: 0, max: 1 },
  { key: 'loss', type: 'enum', values: ['bce', 'mse'], default: 'bce' },
  // Activation parameters per hidden layer, "l<layer>.param:value": apar=l1.negative_slope:0.2
  { key: 'apar', type: 'numberMap', default: {}, maxItems: 40 },
  // Extra input features of 2-D data (x1, x2 are always in): feat=x1sq,x2sq,x1x2,sinx1,sinx2
  { key: 'feat', type: 'idList', default: [], maxItems: 5 },
  // The output activation of a regression net (any activation of the catalogue; identity = linear)
  { key: 'out', type: 'id', default: 'identity' },
  // Regions panel: the network's source (its own or the Playground's), its own small net, the view
  { key: 'rsrc', type: 'enum', values: ['own', 'pg'], default: 'own' },
  { key: 'rds', type: 'enum', values: ENUM_FROM_PANELS, default: 'circle' },
  { key: 'ract', type: 'enum', values: ENUM_FROM_PANELS, default: 'relu' },
  { key: 'rw', type: 'number', default: 8, min: 1, max: 32 },
  { key: 'rd', type: 'number', default: 2, min: 1, max: 4 },
  { key: 'rseed', type: 'number', default: 1, min: 0, max: 999999 },
  { key: 'rcol', type: 'enum', values: ['pattern', 'slope'], default: 'pattern' },
  { key: 'rdata', type: 'bool', default: true },
  // Points a and b of the Regions panel: rpt=a.x:-2.1,a.y:0.83,b.x:3.3,b.y:-2.8
  { key: 'rpt', type: 'numberMap', default: {}, maxItems: 4 },
  // Regions sub-views: which one (rv); layers: the layer k shown and two of its neurons; theory:
  // the budget of hidden neurons; surface: the activation a ReLU net is smoothed into, and how far (0..100)
  { key: 'rv', type: 'enum', values: ['partition', 'layers', 'theory', 'line', 'surface'], default: 'partition' },
  { key: 'rk', type: 'number', default: 2, min: 1, max: 8 },
  // ru: the layer view's two neurons (1-based); none named: the pair that spreads the plane widest
  { key: 'ru', type: 'intList', default: [], min: 1, max: 64, maxItems: 2 },
  { key: 'rn', type: 'number', default: 24, min: 8, max: 48 },
  { key: 'rmf', type: 'enum', values: ['none', 'softplus', 'silu', 'leaky_relu'], default: 'none' },
  { key: 'rmp', type: 'number', default: 50, min: 0, max: 100 },
  // Why non-linearity panel: depth and width of both networks, the non-linear activation, seed
  { key: 'nld', type: 'number', default: 2, min: 1, max: 8 },
  { key: 'nlw', type: 'number', default: 8, min: 2, max: 32 },
  { key: 'nlact', type: 'enum', values: ENUM_FROM_PANELS, default: 'tanh' },
  { key: 'nlseed', type: 'number', default: 1, min: 0, max: 999999 },
  // Gradient flow panel: depth (hidden layers), width, activations compared, init, SGD lr, seed
  { key: 'gfd', type: 'number', default: 10, min: 2, max: 20 },
  { key: 'gfw', type: 'number', default: 16, min: 2, max: 64 },
  { key: 'gfact', type: 'idList', default: ['sigmoid', 'tanh', 'relu', 'leaky_relu', 'gelu'], maxItems: 12 },
  { key: 'gfinit', type: 'enum', values: ['torch', 'xavier', 'he'], default: 'torch' },
  { key: 'gflr', type: 'number', default: 0.1, min: 1e-4, max: 10 },
  { key: 'gfseed', type: 'number', default: 1, min: 0, max: 999999 },
  // Convergence panel: activations, seeds per activation, depth, SGD lr, target loss, epoch cap
  { key: 'cvact', type: 'idList', default: ['relu', 'tanh', 'sigmoid'], maxItems: 6 },
  { key: 'cvn', type: 'number', default: 5, min: 1, max: 10 },
  { key: 'cvd', type: 'number', default: 2, min: 1, max: 6 },
  { key: 'cvlr', type: 'number', default: 0.1, min: 1e-4, max: 10 },
  { key: 'cvtarget', type: 'number', default: 0.1, min: 0.001, max: 0.69 },
  { key: 'cvcap', type: 'number', default: 300, min: 10, max: 2000 },
  // Dead ReLUs panel: data set, the traced run's learning rate and seed, seeds per sweep point
  { key: 'dds', type: 'enum', values: ENUM_FROM_PANELS, default: 'circle' },
  { key: 'dlr', type: 'number', default: 3, min: 1e-4, max: 100 },
  { key: 'dseed', type: 'number', default: 1, min: 0, max: 999999 },
  { key: 'dseeds', type: 'number', default: 5, min: 1, max: 10 },
  // Speed panel: the activations to time
  { key: 'spfn', type: 'idList', default: ['identity', 'relu', 'leaky_relu', 'relu6', 'hardtanh', 'hardswish', 'sigmoid', 'tanh', 'elu', 'gelu', 'gelu_tanh', 'silu', 'mish', 'softplus'], maxItems: 40 },
  // Softmax panel: the scores (up to 10), temperature, variant
  { key: 'sms', type: 'numberList', default: [2, 1, 0.1], min: -1e6, max: 1e6, maxItems: 10 },
  { key: 'smt', type: 'number', default: 1, min: 0.01, max: 100 },
  { key: 'smv', type: 'enum', values: ['softmax', 'log_softmax', 'softmin'], default: 'softmax' },
  // Guided lesson: the step shown (1 = the first) and the presenter view (large type)
  { key: 'step', type: 'number', default: 1, min: 1, max: 99 },
  { key: 'present', type: 'bool', default: false },
];

const BY_KEY = new Map(FIELDS.map((f) => [f.key, f]));

function clone(v) {
  if (Array.isArray(v)) return v.slice();
  if (v && typeof v === 'object') return { ...v };
  return v;
}

/** A fresh state object holding every default. */
export function defaultState() {
  const s = {};
  for (const f of FIELDS) s[f.key] = clone(f.default);
  return s;
}

// Only plain decimal numbers: no hex, no "Infinity", no empty string (kit/numbers.js).
const parseNumber = parseDecimal;

// Returns { value } or { value, clamped: true } or undefined for a rejected value.
function parseField(field, raw) {
  switch (field.type) {
    case 'id':
      return ID.test(raw) ? { value: raw } : undefined;
    case 'enum': {
      const values = enumValues(field);
      if (values === null) return ID.test(raw) ? { value: raw } : undefined;   // checked again once registered
      return values.includes(raw) ? { value: raw } : undefined;
    }
    case 'bool':
      if (raw === '1' || raw === 'true') return { value: true };
      if (raw === '0' || raw === 'false') return { value: false };
      return undefined;
    case 'number': {
      const v = parseNumber(raw);
      if (v === undefined) return undefined;
      const c = Math.min(field.max, Math.max(field.min, v));
      return c === v ? { value: v } : { value: c, clamped: true };
    }
    case 'idList': {
      const items = raw.split(',').filter((s) => s !== '');
      const ids = items.filter((s) => ID.test(s));
      const good = (field.unique === false ? ids : [...new Set(ids)]).slice(0, field.maxItems);
      if (items.length > 0 && good.length === 0) return undefined;
      return good.length === items.length ? { value: good } : { value: good, clamped: true };
    }
    case 'intList': {
      // Integers in [min, max], e.g. layer widths "8,8"; an empty value is an empty list.
      const items = raw.split(',').filter((s) => s !== '');
      const good = items.filter((s) => /^\d{1,6}$/.test(s)).map(Number)
        .filter((v) => v >= field.min && v <= field.max).slice(0, field.maxItems);
      if (items.length > 0 && good.length === 0) return undefined;
      return good.length === items.length ? { value: good } : { value: good, clamped: true };
    }
    case 'numberList': {
      // Finite numbers in [min, max], e.g. softmax scores "2,1,0.1"; bad items are dropped.
      const items = raw.split(',').filter((s) => s !== '');
      const good = items.map(parseNumber).filter((v) => v !== undefined && v >= field.min && v <= field.max).slice(0, field.maxItems);
      if (items.length > 0 && good.length === 0) return undefined;
      return good.length === items.length ? { value: good } : { value: good, clamped: true };
    }
    case 'numberMap': {
      // Items past maxItems are dropped, a key given again takes the later value: both noted.
      const out = {};
      const all = raw.split(',').filter((s) => s !== '');
      const items = all.slice(0, field.maxItems);
      let dropped = items.length < all.length;
      for (const item of items) {
        const m = /^([a-z][a-z0-9_]{0,39})\.([a-z][a-z0-9_]{0,39}):(.+)$/.exec(item);
        const v = m ? parseNumber(m[3]) : undefined;
        if (v === undefined) { dropped = true; continue; }
        const key = `${m[1]}.${m[2]}`;
        if (Object.hasOwn(out, key)) dropped = true;
        out[key] = v;
      }
      return dropped ? { value: out, clamped: true } : { value: out };
    }
    default:
      return undefined;
  }
}

/**
 * Parses a location.hash ("#fn=relu,tanh&lang=zh") into a full state object.
 * Returns { state, issues: [{ key, raw }] }; unknown keys are ignored silently.
 */
export function parseHash(hash) {
  const state = defaultState();
  const issues = [];
  const present = new Set();
  let text = typeof hash === 'string' ? hash : '';
  if (text.startsWith('#')) text = text.slice(1);
  // A link longer than any the page writes is not read, except for its panel and language,
  // so that it still opens the view it names with a notice that says why nothing else came.
  const tooLong = text.length > MAX_HASH;
  if (tooLong) issues.push({ key: '', raw: text.slice(0, 40), tooLong: text.length, max: MAX_HASH });
  let params;
  try {
    params = new URLSearchParams(text);
  } catch {
    return { state, issues, present };
  }
  for (const [key, raw] of params) {
    const field = BY_KEY.get(key);
    if (!field || (tooLong && key !== 'panel' && key !== 'lang')) continue;
    const parsed = parseField(field, raw);
    if (!parsed) {
      issues.push({ key, raw });
      continue;
    }
    if (parsed.clamped) issues.push({ key, raw });
    state[key] = parsed.value;
    present.add(key);
  }
  return { state, issues, present };
}

function same(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function formatNumber(v) {
  // Shortest round-trip form, trimmed of float noise from slider steps.
  return String(Number(v.toPrecision(12)));
}

/** Serialises a state object; values equal to their default are left out except `always`. */
export function toHash(state, always = ['lang']) {
  const parts = [];
  for (const f of FIELDS) {
    const v = state[f.key];
    if (v === undefined) continue;
    if (!always.includes(f.key) && same(v, f.default)) continue;
    let raw;
    switch (f.type) {
      case 'bool': raw = v ? '1' : '0'; break;
      case 'number': raw = formatNumber(v); break;
      case 'idList': case 'intList': raw = v.join(','); break;
      case 'numberList': raw = v.map(formatNumber).join(','); break;
      case 'numberMap':
        raw = Object.keys(v).sort().map((k) => `${k}:${formatNumber(v[k])}`).join(',');
        if (raw === '') continue;
        break;
      default: raw = String(v);
    }
    // ',', ':' and '.' are safe in a fragment; keep them readable.
    parts.push(`${f.key}=${encodeURIComponent(raw).replace(/%2C/g, ',').replace(/%3A/g, ':')}`);
  }
  return parts.join('&');
}
