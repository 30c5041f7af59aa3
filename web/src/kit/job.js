// The one job protocol and its driver. A job is { step(budgetMs) -> { done, progress, ... },
// cancel() }: step works for about budgetMs and reports progress in [0, 1]; cancel frees
// what the job holds (trainers) and keeps what it finished. runJob drives a job on animation
// frames (frame_loop.js) so the page never freezes. Experiments written as generators
// become jobs through jobFromGenerator. No DOM, no numerics.

import { frameLoop } from './frame_loop.js';

const FRAME_BUDGET_MS = 12;

/**
 * A job from a generator that yields { done: <units done>, total, ... } and returns its
 * result. step() returns { done, progress, info (the last yield), result (when done) }.
 * A yield of { rest: true } ends the step at once (the generator waits for something else
 * than time: another job).
 * cancel() calls gen.return(), so the generator's finally blocks free its trainers.
 */
export function jobFromGenerator(gen) {
  let info = null;
  let result;
  let finished = false;
  return {
    step(budgetMs = FRAME_BUDGET_MS) {
      const t0 = performance.now();
      while (!finished) {
        let r;
        try {
          r = gen.next();
        } catch (e) {
          finished = true;
          throw e;
        }
        if (r.done) {
          finished = true;
          result = r.value;
          break;
        }
        if (r.value && r.value.rest) break;
        info = r.value;
        if (performance.now() - t0 >= budgetMs) break;
      }
      const progress = finished ? 1 : info && info.total > 0 ? Math.min(1, info.done / info.total) : 0;
      return { done: finished, progress, info, result };
    },
    cancel() {
      if (finished) return;
      finished = true;
      gen.return();
    },
  };
}

/**
 * Runs `job` within budgetMs per frame. onFrame(p) after every frame with the step's
 * report, onDone(p) once at the end, onError(e) if a step throws (the job is cancelled).
 * Returns { stop() (cancels the job), running }.
 */
export function runJob(job, { budgetMs = FRAME_BUDGET_MS, onFrame, onDone, onError } = {}) {
  let over = false;
  const loop = frameLoop(() => {
    let p;
    try {
      p = job.step(budgetMs);
    } catch (e) {
      over = true;
      try { job.cancel?.(); } catch { /* the job is already broken; report the first error */ }
      onError?.(e);
      return false;
    }
    onFrame?.(p);
    if (p.done) {
      over = true;
      onDone?.(p);
      return false;
    }
    return true;
  });
  loop.start();
  return {
    stop() {
      if (over) return;
      over = true;
      loop.stop();
      job.cancel?.();
    },
    get running() { return !over; },
  };
}
