// Experiment 5 (speed): nanoseconds per element of f and f' for a list of activations, timed
// by the core (engine.timeActivation: warm-up, median of repeats) one activation per chunk so
// the page stays responsive. Engine in, plain data out; no DOM, no timers. The numbers depend
// on the machine, the browser and what else runs: they are measurements, not constants.

/** A sensible default subset: the classic ones, the ReLU family and the exp-based smooth ones. */
export const SPEED_DEFAULT = ['identity', 'relu', 'leaky_relu', 'relu6', 'hardtanh', 'hardswish', 'sigmoid', 'tanh', 'elu', 'gelu', 'gelu_tanh', 'silu', 'mish', 'softplus'];

/**
 * A job timing `names` (catalogue names; unknown ones are skipped and listed in job.skipped).
 * job.step(budgetMs) times activations until the budget is spent (at least one) and returns
 * {done, finished, total}; job.results: [{name, forwardNs, backwardNs, usesExp, samples}].
 */
export function createSpeedJob(engine, names, { n = 4096, samples = 7, minMs = 2 } = {}) {
  const catalogue = new Map(engine.activations().map((a) => [a.name, a]));
  const todo = names.filter((x) => catalogue.has(x));
  const skipped = names.filter((x) => !catalogue.has(x));
  const results = [];
  let cancelled = false;
  const job = {
    names: todo,
    skipped,
    results,
    get total() { return todo.length; },
    get cancelled() { return cancelled; },
    step(budgetMs = 10) {
      const t0 = performance.now();
      while (!cancelled && results.length < todo.length) {
        const name = todo[results.length];
        const r = engine.timeActivation(name, {}, { n, samples, minMs });
        results.push({ name, forwardNs: r.forwardNs, backwardNs: r.backwardNs, samples: r.samples, usesExp: !!catalogue.get(name).usesExp });
        if (performance.now() - t0 >= budgetMs) break;
      }
      const done = cancelled || results.length >= todo.length;
      return { done, finished: results.length, total: todo.length, progress: todo.length ? results.length / todo.length : 1 };
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
