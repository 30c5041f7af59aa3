// Experiment 5 (speed): nanoseconds per element of f and f' for a list of activations, timed
// by the core (engine.timeActivation: warm-up, median of repeats) one activation per chunk so
// the page stays responsive. Engine in, plain data out; no DOM, no timers. The numbers depend
// on the machine, the browser and what else runs: they are measurements, not constants.

/** A sensible default subset: the classic ones, the ReLU family and the exp-based smooth ones. */
export const SPEED_DEFAULT = ['identity', 'relu', 'leaky_relu', 'relu6', 'hardtanh', 'hardswish', 'sigmoid', 'tanh', 'elu', 'gelu', 'gelu_tanh', 'silu', 'mish', 'softplus'];

/**
 * A job timing `names` (catalogue names; unknown ones are skipped and listed in job.skipped)
 * in `rounds` passes over the list. Each entry keeps the fastest positive time of its rounds:
 * the minimum is the usual estimator against interference (another tab, a GC pause), and a
 * timing of 0 (the browser clock is coarse) never wins. job.step(budgetMs) times until the
 * budget is spent (at least one) and returns {done, finished, total, round, progress};
 * job.results: [{name, forwardNs, backwardNs, usesExp, samples, rounds}] in first-timed order
 * (a time is null when no round measured more than 0).
 */
export function createSpeedJob(engine, names, { n = 4096, samples = 7, minMs = 2, rounds = 3 } = {}) {
  const catalogue = new Map(engine.activations().map((a) => [a.name, a]));
  const todo = names.filter((x) => catalogue.has(x));
  const skipped = names.filter((x) => !catalogue.has(x));
  const results = [];
  const units = todo.length * rounds;
  let doneUnits = 0;
  let cancelled = false;
  const best = (a, b) => (b > 0 && Number.isFinite(b) && (a === null || b < a) ? b : a);
  const job = {
    names: todo,
    skipped,
    results,
    rounds,
    get total() { return todo.length; },
    get cancelled() { return cancelled; },
    step(budgetMs = 10) {
      const t0 = performance.now();
      while (!cancelled && doneUnits < units) {
        const i = doneUnits % todo.length;
        const name = todo[i];
        const r = engine.timeActivation(name, {}, { n, samples, minMs });
        if (!results[i]) results.push({ name, forwardNs: null, backwardNs: null, samples: r.samples, usesExp: !!catalogue.get(name).usesExp, rounds: 0 });
        const e = results[i];
        e.forwardNs = best(e.forwardNs, r.forwardNs);
        e.backwardNs = best(e.backwardNs, r.backwardNs);
        e.rounds += 1;
        doneUnits += 1;
        if (performance.now() - t0 >= budgetMs) break;
      }
      const done = cancelled || doneUnits >= units;
      const finished = Math.min(doneUnits, todo.length);
      const round = Math.min(rounds, Math.floor(doneUnits / Math.max(1, todo.length)) + 1);
      return { done, finished, total: todo.length, round, rounds, progress: units ? doneUnits / units : 1 };
    },
    runAll() {
      while (!job.step(1e9).done);
      return results;
    },
    cancel() { cancelled = true; },
  };
  return job;
}

/** Ratio of each result's forward time to a reference activation's (e.g. relu), or null. */
export function relativeTo(results, ref = 'relu') {
  const base = results.find((r) => r.name === ref);
  if (!base || !(base.forwardNs > 0)) return null;
  return results.map((r) => ({ name: r.name, forward: r.forwardNs / base.forwardNs, backward: r.backwardNs / base.backwardNs }));
}
