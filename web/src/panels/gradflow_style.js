// Styles of the experiment panels (Why non-linearity, Gradient flow, Convergence), installed
// once as a constructed stylesheet (the page's CSP forbids inline <style>). Shared classes
// (.controls, .group, .btn, .card, .math, ...) come from style.css. Layout only.

const CSS = `
.xp-layout { display: grid; grid-template-columns: minmax(220px, 250px) minmax(0, 1fr); gap: 1.1rem; align-items: start; }
@media (max-width: 820px) { .xp-layout { grid-template-columns: minmax(0, 1fr); } }
.xp-main { display: flex; flex-direction: column; gap: 0.7rem; min-width: 0; }
.xp-field input.num, .xp-field select { width: 100%; }
.xp-pair { display: grid; grid-template-columns: 1fr 1fr; gap: 0 0.6rem; }
.xp-checks { border: 0; padding: 0; margin: 0.3rem 0 0.5rem; display: grid; grid-template-columns: 1fr 1fr; gap: 0.1rem 0.5rem; }
.xp-checks legend { grid-column: 1 / -1; }
.xp-controls .btn { margin-top: 0.5rem; }
.xp-bar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; }
.xp-bar .btn { margin-top: 0; }
.xp-primary { background: var(--accent); color: #fff; border: 1px solid var(--accent); min-width: 6.5rem; }
.xp-primary[aria-pressed="true"] { background: #fff; color: var(--accent); }
.xp-primary:disabled { opacity: 0.5; }
.xp-counter { margin-left: auto; font-variant-numeric: tabular-nums; color: var(--muted); font-size: 0.88rem; }
.xp-progress { display: flex; align-items: center; gap: 0.6rem; }
.xp-progress-bar { flex: 1; height: 0.8rem; }
.xp-progress-text { font-variant-numeric: tabular-nums; color: var(--muted); font-size: 0.88rem; min-width: 9rem; }
.xp-progress .btn { margin-top: 0; }
.xp-claim, .nl-matrix { padding: 0.7rem 0.9rem; }
.nl-matrix h3 { font-size: 0.98rem; margin: 0 0 0.35rem; }
.nl-matrix p { margin: 0.3rem 0; }
.xp-claim h3 { font-size: 0.78rem; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase; color: var(--muted); margin: 0.2rem 0 0.2rem; }
.xp-claim p { margin: 0.2rem 0 0.5rem; }
.xp-claim-text { font-weight: 650; font-size: 1.02rem; }
.xp-result { font-size: 0.98rem; }
.xp-chart { position: relative; height: 300px; }
.xp-chart.short { height: 230px; }
.xp-chart-title { font-size: 0.95rem; margin: 0.3rem 0 0; }
.nl-pair { display: grid; grid-template-columns: 1fr 1fr; gap: 0.8rem; }
@media (max-width: 640px) { .nl-pair { grid-template-columns: 1fr; } }
.nl-side { display: flex; flex-direction: column; gap: 0.3rem; min-width: 0; }
.nl-side h3 { font-size: 0.98rem; margin: 0; text-align: center; }
.nl-plot { position: relative; width: 100%; aspect-ratio: 1 / 1; }
.nl-acc { text-align: center; margin: 0; font-variant-numeric: tabular-nums; }
.nl-acc strong { font-size: 1.25rem; }
.nl-math { overflow-x: auto; }
.xp-table { border-collapse: collapse; width: 100%; font-size: 0.88rem; font-variant-numeric: tabular-nums; }
.xp-table th, .xp-table td { text-align: right; padding: 0.25rem 0.5rem; border-bottom: 1px solid #edf0f3; }
.xp-table th:first-child, .xp-table td:first-child { text-align: left; }
.xp-table thead th { font-size: 0.75rem; letter-spacing: 0.03em; text-transform: uppercase; color: var(--muted); }
.xp-swatch { display: inline-block; width: 0.8rem; height: 0.8rem; border-radius: 2px; margin-right: 0.35rem; vertical-align: -0.1rem; }
.xp-table-wrap { overflow-x: auto; }
`;

let installed = false;

/** Adds the stylesheet to the document once. */
export function installExperimentStyle() {
  if (installed || typeof CSSStyleSheet !== 'function' || !document.adoptedStyleSheets) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  installed = true;
}
