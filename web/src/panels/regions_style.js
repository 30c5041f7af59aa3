// The Regions panel's own styles, installed once as a constructed stylesheet (allowed under the
// page's CSP, which forbids inline <style>); shared classes (.controls, .group, .btn, .card,
// .math, ...) come from style.css and are only extended here. Layout only.

const CSS = `
.rg-layout { display: grid; grid-template-columns: minmax(220px, 250px) minmax(0, 1fr) minmax(300px, 390px); gap: 1.1rem; align-items: start; }
@media (max-width: 1180px) { .rg-layout { grid-template-columns: minmax(220px, 260px) minmax(0, 1fr); } .rg-side { grid-column: 1 / -1; } }
@media (max-width: 760px) { .rg-layout { grid-template-columns: minmax(0, 1fr); } }
.rg-radios { border: 0; padding: 0; margin: 0.2rem 0 0.5rem; }
.rg-radios .check { margin-top: 0.15rem; }
.rg-pair { display: grid; grid-template-columns: 1fr 1fr; gap: 0 0.6rem; }
.rg-field input.num { width: 100%; }
.rg-field select { width: 100%; }
.rg-controls .btn { margin-top: 0.5rem; }
.rg-centre { display: flex; flex-direction: column; gap: 0.45rem; }
.rg-playbar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; }
.rg-playbar .btn { margin-top: 0; }
.rg-play { min-width: 6.5rem; background: var(--accent); color: #fff; border: 1px solid var(--accent); }
.rg-play[aria-pressed="true"] { background: #fff; color: var(--accent); }
.rg-play:disabled { opacity: 0.5; }
.rg-counter { margin-left: auto; font-variant-numeric: tabular-nums; color: var(--muted); font-size: 0.88rem; }
.rg-alert { margin: 0; }
.rg-plot-wrap { position: relative; }
.rg-plot { position: relative; width: 100%; max-width: 580px; aspect-ratio: 1 / 1; margin: 0 auto; cursor: crosshair; }
.rg-plot.wide { max-width: none; aspect-ratio: 4 / 3; }
.rg-plot.muted-plot { opacity: 0.45; }
.rg-smooth { position: absolute; left: 50%; top: 50%; transform: translate(-50%, -50%); width: min(86%, 440px); background: #fff; border: 2px solid var(--text);
  border-radius: var(--radius); padding: 0.8rem 1rem; box-shadow: 0 4px 16px rgba(16, 24, 40, 0.15); }
.rg-smooth p { margin: 0.2rem 0; }
.rg-smooth-title { font-weight: 700; font-size: 1.05rem; }
.rg-legend { margin-top: 0; justify-content: center; }
.rg-scale { display: inline-block; width: 7rem; height: 0.7rem; border: 1px solid #c5cbd4; background: var(--scale); vertical-align: middle; }
.rg-legend { flex-direction: column; align-items: center; gap: 0.2rem; }
.rg-classes { display: flex; flex-wrap: wrap; justify-content: center; gap: 0.2rem 0.9rem; }
.rg-key { display: inline-block; width: 0.75rem; height: 0.75rem; border: 1.5px solid #1d2129; }
.rg-key.circle { border-radius: 50%; } .rg-key.diamond { transform: rotate(45deg) scale(0.8); }
.rg-key.triangle { border: 0; width: 0; height: 0; border-left: 0.42rem solid transparent; border-right: 0.42rem solid transparent; border-bottom: 0.75rem solid #1d2129; }
.rg-key.light { background: #fff; } .rg-key.dark { background: #1d2129; }
.rg-key.triangle.light, .rg-key.triangle.dark { background: none; }
.rg-click-hint { margin: 0; text-align: center; }
.rg-readouts { display: grid; grid-template-columns: repeat(auto-fit, minmax(110px, 1fr)); gap: 0.4rem; margin: 0.2rem 0 0; }
.rg-readout { background: #f8f9fb; border: 1px solid #edf0f3; border-radius: 8px; padding: 0.3rem 0.55rem; }
.rg-readout dt { font-size: 0.72rem; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase; color: var(--muted); }
.rg-readout dd { margin: 0; font-size: 1.1rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.rg-count-title { font-size: 0.95rem; margin-top: 0.4rem; }
.rg-count { position: relative; height: 170px; }
.rg-side { display: flex; flex-direction: column; gap: 0.7rem; }
.rg-card { padding: 0.7rem 0.9rem; }
.rg-card h3 { font-size: 0.98rem; margin: 0 0 0.35rem; }
.rg-card p { margin: 0.3rem 0; font-size: 0.9rem; }
.rg-sub { font-size: 0.78rem !important; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase; color: var(--muted); margin-top: 0.5rem !important; }
.rg-badge { display: inline-flex; align-items: center; justify-content: center; width: 1.35rem; height: 1.35rem; border-radius: 50%; color: #fff; font-weight: 700; font-size: 0.85rem; }
.rg-badge-a { background: #1d2129; } .rg-badge-b { background: #b42318; }
.rg-map, .rg-neq { overflow-x: auto; font-size: 0.92rem; }
.rg-neq { font-size: 1.35rem; }
.rg-map.multi { font-size: 0.8rem; }
.rg-pattern { display: flex; flex-direction: column; gap: 0.25rem; }
.rg-layer { display: grid; grid-template-columns: 3.6rem minmax(0, 1fr) auto; align-items: center; gap: 0.4rem; font-size: 0.8rem; }
.rg-layer-name { color: var(--muted); font-weight: 650; }
.rg-layer-count { color: var(--muted); font-variant-numeric: tabular-nums; }
.rg-cells { display: flex; flex-wrap: wrap; gap: 3px; padding: 2px 0; }
.rg-cell { width: 0.7rem; height: 0.7rem; border-radius: 2px; border: 1px solid #8a93a0; background: #fff; }
.rg-cell.on { background: #0072B2; border-color: #0072B2; }
.rg-cell.high { background: #0b2a4a; border-color: #0b2a4a; }
.rg-cell.lin { background: #9cc7e4; border-color: #6aa6cf; }
.rg-cell.diff { outline: 2px solid #b42318; outline-offset: 1px; }
.rg-pattern-legend { display: flex; flex-wrap: wrap; gap: 0.3rem 0.8rem; font-size: 0.78rem; color: var(--muted); }
.rg-pick-b { margin: 0; }
.rg-coords { display: flex; align-items: center; gap: 0.3rem; flex-wrap: wrap; margin: -0.2rem 0 0.3rem; font-size: 0.85rem; }
.rg-coords input.num { width: 4.2rem; }
.rg-coords .btn { margin-top: 0 !important; padding: 0.2rem 0.6rem; }
.rg-measured p { color: var(--muted); font-size: 0.85rem; }
`;

let installed = false;

/** Adds the stylesheet to the document once. */
export function installRegionsStyle() {
  if (installed || typeof CSSStyleSheet !== 'function' || !document.adoptedStyleSheets) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  installed = true;
}
