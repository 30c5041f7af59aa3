// The Playground's own styles, installed once as a constructed stylesheet (allowed under the
// page's CSP, which forbids inline <style>); shared classes (.controls, .group, .btn, ...)
// come from style.css and are only extended here. Layout only: no colours of the data.

const CSS = `
.pg-layout { display: grid; grid-template-columns: minmax(240px, 280px) minmax(0, 1fr) minmax(250px, 300px); gap: 1.1rem; align-items: start;
  grid-template-areas: "data net net" "data plot train"; }
.pg-left { grid-area: data; } .pg-netcard { grid-area: net; } .pg-centre { grid-area: plot; } .pg-right { grid-area: train; }
@media (max-width: 1180px) { .pg-layout { grid-template-columns: minmax(240px, 290px) minmax(0, 1fr); grid-template-areas: "net net" "data plot" "train plot"; } }
@media (max-width: 760px) { .pg-layout { grid-template-columns: minmax(0, 1fr); grid-template-areas: "net" "plot" "data" "train"; } }
.pg-row { display: flex; flex-wrap: wrap; align-items: center; gap: 0.45rem; }
.pg-row .btn { margin-top: 0.4rem; }
.pg-tiles { display: grid; grid-template-columns: repeat(auto-fill, minmax(60px, 1fr)); gap: 0.35rem; }
.pg-tile { display: flex; flex-direction: column; align-items: center; gap: 0.15rem; padding: 0.25rem 0.1rem 0.2rem; font: inherit; font-size: 0.72rem; line-height: 1.2;
  background: var(--surface); border: 1px solid var(--border); border-radius: 8px; cursor: pointer; color: var(--text); }
.pg-tile:hover { border-color: #9aa3b0; }
.pg-tile[aria-checked="true"] { border: 2px solid var(--accent); background: var(--accent-soft); padding: calc(0.25rem - 1px) 0 calc(0.2rem - 1px); font-weight: 650; }
.pg-thumb { width: 44px; height: 44px; border-radius: 4px; border: 1px solid #e3e6ea; }
.pg-slider label { display: flex; justify-content: space-between; }
.pg-slider input { width: 100%; }
.pg-value { font-weight: 600; font-variant-numeric: tabular-nums; color: var(--muted); }
.pg-classes { display: flex; flex-wrap: wrap; gap: 0.3rem; }
.pg-class { display: inline-flex; align-items: center; gap: 0.3rem; font: inherit; font-size: 0.82rem; padding: 0.2rem 0.5rem; border-radius: 999px;
  border: 1px solid var(--border); background: var(--surface); cursor: pointer; color: var(--text); }
.pg-class[aria-checked="true"] { border: 2px solid var(--text); padding: calc(0.2rem - 1px) calc(0.5rem - 1px); font-weight: 650; }
.pg-dot { width: 0.75rem; height: 0.75rem; border-radius: 50%; display: inline-block; }
.pg-mode[aria-pressed="true"] { background: var(--danger-soft); border-color: var(--danger); color: var(--danger); }
.pg-count { margin: 0.4rem 0 0; font-size: 0.85rem; color: var(--muted); }
.pg-csv, .pg-json { width: 100%; font-family: var(--mono); font-size: 0.8rem; border: 1px solid #c5cbd4; border-radius: 6px; padding: 0.35rem 0.45rem; resize: vertical; }
.pg-csv[aria-invalid="true"] { border-color: var(--danger); background: var(--danger-soft); }
.pg-centre { display: flex; flex-direction: column; gap: 0.5rem; }
.pg-playbar { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem; }
.pg-playbar .btn { margin-top: 0; }
.pg-play { min-width: 6.5rem; background: var(--accent); color: #fff; border: 1px solid var(--accent); }
.pg-play[aria-pressed="true"] { background: #fff; color: var(--accent); }
.pg-counter { margin-left: auto; font-variant-numeric: tabular-nums; color: var(--muted); font-size: 0.88rem; }
.pg-alert { margin: 0; }
.pg-plot { position: relative; width: 100%; max-width: 560px; aspect-ratio: 1 / 1; min-height: 0; overflow: hidden; margin: 0 auto; cursor: crosshair; }
.pg-plot.wide { max-width: none; aspect-ratio: 4 / 3; }
.pg-legend { margin-top: 0; justify-content: center; }
.pg-key { display: inline-block; width: 0.8rem; height: 0.8rem; }
.pg-key.dot { border-radius: 50%; background: var(--key); }
.pg-key.ring { border-radius: 50%; border: 2px solid var(--key); }
.pg-key.diamond { background: var(--key); transform: rotate(45deg) scale(0.8); }
.pg-key.line { height: 0; width: 1.6rem; border-top: 3px solid var(--key); }
.pg-readouts { display: grid; grid-template-columns: repeat(auto-fit, minmax(118px, 1fr)); gap: 0.4rem; margin: 0.3rem 0 0; }
.pg-readout { background: #f8f9fb; border: 1px solid #edf0f3; border-radius: 8px; padding: 0.3rem 0.55rem; }
.pg-readout dt { font-size: 0.72rem; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase; color: var(--muted); }
.pg-readout dd { margin: 0; font-size: 1.02rem; font-weight: 650; font-variant-numeric: tabular-nums; }
.pg-live .notice { margin: 0.25rem 0 0; }
.pg-loss-head { display: flex; align-items: baseline; justify-content: space-between; gap: 1rem; margin-top: 0.4rem; }
.pg-loss-head h3 { font-size: 0.95rem; }
.pg-loss-head .check { margin-top: 0; }
.pg-loss { position: relative; height: 190px; }
.pg-layer-count { justify-content: flex-start; gap: 0.6rem; }
.pg-layer-label { font-weight: 650; font-size: 0.9rem; }
.pg-diagram-wrap { overflow-x: auto; margin-top: 0.5rem; }
.pg-diagram { display: flex; gap: 0.75rem; align-items: stretch; min-width: min-content; }
.pg-col { display: flex; flex-direction: column; align-items: center; gap: 0.3rem; padding: 0.35rem 0.3rem; border: 1px solid var(--border); border-radius: 8px; min-width: 5.4rem; }
.pg-diagram .pg-col + .pg-col { position: relative; }
.pg-diagram .pg-col + .pg-col::before { content: "→"; position: absolute; left: -0.62rem; top: 50%; transform: translateY(-50%); color: #9aa3b0; font-size: 0.8rem; }
.pg-col-io { min-width: 3.2rem; justify-content: center; background: #f8f9fb; }
.pg-col-title { font-size: 0.72rem; font-weight: 700; letter-spacing: 0.04em; text-transform: uppercase; color: var(--muted); }
.pg-io { font-size: 0.8rem; text-align: center; }
.pg-act { font-size: 0.78rem; padding: 0.2rem 0.25rem; width: 6.6rem; }
.pg-width { display: flex; align-items: center; gap: 0.15rem; }
.pg-params { display: flex; flex-direction: column; gap: 0.15rem; width: 6.6rem; }
.pg-param-row { display: flex; flex-direction: column; align-items: stretch; gap: 0.05rem; font-size: 0.68rem; color: var(--muted); }
.pg-param-row code { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; text-align: center; }
.pg-param { width: 100% !important; padding: 0.1rem 0.3rem !important; font-size: 0.78rem; }
.pg-params .field-error { font-size: 0.7rem; margin: 0; }
.pg-width .icon-btn, .pg-layer-count .icon-btn { margin: 0; width: 1.6rem; height: 1.6rem; font-size: 1rem; border: 1px solid var(--border); }
.pg-width .icon-btn:hover, .pg-layer-count .icon-btn:hover { color: var(--accent); }
.pg-width-n { min-width: 1.6rem; text-align: center; font-weight: 650; font-variant-numeric: tabular-nums; }
.pg-neurons { display: grid; grid-template-columns: repeat(8, 0.55rem); gap: 2px; justify-content: center; }
.pg-neuron { width: 0.55rem; height: 0.55rem; border-radius: 2px; background: #d6e6f3; display: inline-block; position: relative; }
.pg-neuron.dead { background: #fff !important; outline: 1.5px solid var(--danger); outline-offset: -1.5px; }
.pg-neuron.dead::after { content: ""; position: absolute; inset: 0; background: linear-gradient(45deg, transparent 42%, var(--danger) 42%, var(--danger) 58%, transparent 58%); }
.pg-neuron.negative { background: #fff !important; outline: 1.5px dashed #8a8f98; outline-offset: -1.5px; }
.pg-neuron-legend .pg-neuron { vertical-align: -0.05rem; }
.pg-neuron.pg-demo { background: rgba(0, 114, 178, 0.7); }
.pg-net-foot { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.3rem 1rem; margin-top: 0.45rem; }
.pg-net-foot .hint { margin: 0; }
.pg-settings { display: grid; grid-template-columns: 1fr 1fr; gap: 0 0.7rem; }
.pg-settings .pg-field:last-child { grid-column: 1 / -1; }
.pg-lr { width: 7rem; }
.pg-presets { display: flex; flex-wrap: wrap; gap: 0.25rem; margin-top: 0.35rem; }
.pg-chip { font: inherit; font-size: 0.76rem; padding: 0.1rem 0.45rem; border-radius: 999px; border: 1px solid var(--border); background: var(--surface); cursor: pointer; color: var(--text); }
.pg-chip:hover { border-color: var(--accent); color: var(--accent); }
.pg-fixed { font-size: 0.88rem; }
.pg-ok { margin: 0.3rem 0 0; font-size: 0.85rem; color: #0a6b47; }
.pg-json-label { margin-top: 0.5rem; }
.pg-file-btn { display: inline-block; position: relative; overflow: hidden; margin-top: 0.4rem; }
.pg-file-btn input { position: absolute; inset: 0; opacity: 0; cursor: pointer; }
.pg-lesson-card { margin-top: 1.1rem; padding: 0.9rem 1.1rem; }
.pg-lesson-card h3 { font-size: 1rem; margin-bottom: 0.5rem; }
.pg-lessons { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 420px), 1fr)); gap: 0.5rem 1.2rem; font-size: 0.92rem; }
.pg-lessons li { display: flex; align-items: baseline; gap: 0.3rem; }
.pg-try { flex: none; font-weight: 650; color: var(--accent); }
`;

let installed = false;

/** Adds the stylesheet to the document once. */
export function installPlaygroundStyle() {
  if (installed || typeof CSSStyleSheet !== 'function' || !document.adoptedStyleSheets) return;
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(CSS);
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  installed = true;
}
