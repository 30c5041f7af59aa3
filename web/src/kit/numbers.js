// Numbers typed by a reader or read from a link: one parser for every field and the URL
// hash, and the few display forms the panels share. Pure functions, no DOM.

// Plain decimal numbers only: no hex, no "Infinity", no empty string, no "1,5".
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * The finite number written in `raw` ("−2" with a typographic minus is accepted), or
 * undefined when it is not a plain decimal number or does not fit a double.
 */
export function parseDecimal(raw) {
  if (typeof raw !== 'string') return undefined;
  const s = raw.trim().replace(/\u2212/g, '-');
  if (!DECIMAL.test(s)) return undefined;
  const v = Number(s);
  return Number.isFinite(v) ? v : undefined;
}

/** Whole number in [min, max] from a state value (the hash parser already clamps). */
export function whole(v, min, max, fallback) {
  const n = Math.round(Number(v));
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

/** A percentage for display: 0.3125 -> "31%" (one decimal below 10%), '–' when unknown. */
export function pct(v) {
  if (v === null || v === undefined || !Number.isFinite(v)) return '–';
  const p = 100 * v;
  return `${p !== 0 && Math.abs(p) < 10 ? p.toFixed(1) : Math.round(p)}%`;
}
