// Training a live network inside an animation frame, and the box a plot of its data shows.
// Shared by every panel that trains while the reader watches (Playground, Regions). Talks
// to a trainer from engine.js only; no DOM.

/**
 * Trains `run.trainer` in chunks until budgetMs has passed (at least one chunk) or maxSteps
 * steps were made, adapting the chunk so one call costs about a quarter of the budget.
 * `run` holds { trainer, diverged, last, stepsPerCall }: `last` gets the last train() result,
 * `diverged` the divergence (a CoreError: errorText() words it) when a step went non-finite (the core keeps the parameters
 * from before that step). Returns the last result, or null when there is nothing to train.
 */
export function trainWithin(run, budgetMs, maxSteps = Infinity, maxPerCall = 20000) {
  if (!run.trainer || run.diverged) return null;
  const t0 = performance.now();
  let done = 0;
  do {
    const k = Math.max(1, Math.min(run.stepsPerCall || 1, maxSteps - done));
    const c0 = performance.now();
    const r = run.trainer.train(k);
    const dt = performance.now() - c0;
    done += k;
    run.last = r;
    if (r.diverged) {
      run.diverged = r.error;
      break;
    }
    const perStep = Math.max(dt / k, 1e-4);
    run.stepsPerCall = Math.max(1, Math.min(maxPerCall, Math.round(budgetMs / 4 / perStep)));
  } while (performance.now() - t0 < budgetMs && done < maxSteps);
  return run.last;
}

/**
 * The plotted box [xmin, xmax, ymin, ymax]: the data set's input box for 2-D data; for 1-D
 * data its x range and a y range around the targets of `sets`, rounded out to half units.
 */
export function plotBox(meta, sets) {
  if (meta.inputs === 2) return meta.box.slice();
  let lo = Infinity;
  let hi = -Infinity;
  for (const set of sets) for (let i = 0; set && i < set.n; i++) { lo = Math.min(lo, set.y[i]); hi = Math.max(hi, set.y[i]); }
  if (!Number.isFinite(lo)) { lo = -3; hi = 3; }
  const pad = Math.max(0.5, (hi - lo) * 0.15);
  return [meta.box[0], meta.box[1], Math.floor((lo - pad) * 2) / 2, Math.ceil((hi + pad) * 2) / 2];
}
