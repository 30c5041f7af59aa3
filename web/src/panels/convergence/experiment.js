// Convergence under SGD (issue 5, experiment 4): for each activation and each seed, train the
// same network (same data, same initialisation seed) with plain SGD and count the epochs until
// the full-data training loss reaches a target; a run that does not reach it within the cap is
// reported as not reached (epochs null), never averaged as if it had. A generator: it yields
// progress after every epoch so a page can run it in time-budgeted chunks and cancel it
// (return() deletes the open trainer). Engine in, plain data out; no DOM.

export const CONVERGENCE_ACTIVATIONS = ['relu', 'tanh', 'sigmoid', 'leaky_relu', 'gelu', 'elu'];

/** Trainer config of one run: plain SGD, BCE on a sigmoid output, hidden layers of `width`. */
export function convergenceConfig({ depth, width, activation, seed, lr, batchSize }) {
  return {
    layers: [2, ...Array(depth).fill(width), 1],
    activation, output: 'sigmoid', loss: 'bce', optimizer: 'sgd', lr, batchSize, shuffle: true, init: 'torch', seed,
  };
}

/**
 * One run: trains epoch by epoch until the full-data loss <= target or `cap` epochs.
 * Yields after each epoch; returns { epochs (null = not reached), losses (after each epoch,
 * index 0 = before training), diverged }.
 */
export function* convergenceSingle(engine, data, settings, activation, seed) {
  const trainer = engine.createTrainer(convergenceConfig({ ...settings, activation, seed }), data.train, data.test);
  try {
    const stepsPerEpoch = Math.ceil(data.train.n / settings.batchSize);
    const losses = [trainer.stats().trainLoss];
    let epochs = losses[0] <= settings.target ? 0 : null;
    let diverged = '';
    for (let e = 1; epochs === null && e <= settings.cap; e++) {
      const r = trainer.train(stepsPerEpoch);
      if (r.diverged) { diverged = r.message || 'diverged'; break; }
      const loss = trainer.stats().trainLoss;
      losses.push(loss);
      if (loss <= settings.target) epochs = e;
      yield e;
    }
    return { epochs, losses, diverged };
  } finally {
    trainer.delete();
  }
}

/** Mean of the runs that reached the target (NaN when none did). */
export function meanReached(epochs) {
  const ok = epochs.filter((e) => e !== null);
  return ok.length ? ok.reduce((a, b) => a + b, 0) / ok.length : NaN;
}

/**
 * The sweep. settings: { activations[], seeds (count; seeds 1..n), depth, width, lr,
 * batchSize, target, cap, dataset, dataSeed }. Yields { done, total } (fractions of all epoch
 * budgets); returns { settings, results: [{ activation, epochs[], finalLoss[], diverged[],
 * mean, reached }] }.
 */
export function* convergenceSweep(engine, settings) {
  const data = engine.makeDataset(settings.dataset ?? 'circle', { n: 200, noise: 0.3, seed: settings.dataSeed ?? 1, testFraction: 0.25 });
  const total = settings.activations.length * settings.seeds;
  const results = [];
  let done = 0;
  for (const activation of settings.activations) {
    const row = { activation, epochs: [], finalLoss: [], diverged: [] };
    for (let seed = 1; seed <= settings.seeds; seed++) {
      const run = convergenceSingle(engine, data, settings, activation, seed);
      let r;
      try {
        r = run.next();
        while (!r.done) {
          yield { done: done + r.value / settings.cap, total, activation, seed };
          r = run.next();
        }
      } finally {
        run.return();   // a cancelled sweep still deletes the open trainer
      }
      row.epochs.push(r.value.epochs);
      row.finalLoss.push(r.value.losses[r.value.losses.length - 1]);
      row.diverged.push(r.value.diverged);
      done += 1;
      yield { done, total, activation, seed };
    }
    row.mean = meanReached(row.epochs);
    row.reached = row.epochs.filter((e) => e !== null).length;
    results.push(row);
  }
  return { settings: { ...settings }, results };
}
