// The run / cancel / progress lifecycle of an experiment that is computed on request (Why
// non-linearity, Convergence): a Run button, the progress bar with Cancel, an alert line,
// the claim card's "running" and "cancelled" texts, section.dataset.state (running, done,
// cancelled, error) and the last result kept per settings, so a re-mount or going back to the
// same settings shows it at once. The experiment itself is a job (job.js); drawing is the panel's.

import { runJob } from './job.js';

/**
 * i18n: the host's translator (its t and errorText word the alerts and the claim card).
 * parts: { section, button, progress (progress_bar.js), alertBox, claim (claim_card.js) }.
 * spec: { makeJob(settings) -> job, progressText(report) -> string (or null to keep the bar),
 *         runningText, draw(result, settings), cache: { key, result } holder that outlives mounts }.
 * Returns { start(settings, force), cancel(), stop() }.
 */
export function experimentRun({ t, errorText }, { section, button, progress, alertBox, claim }, { makeJob, progressText, runningText, draw, cache }) {
  let run = null;

  function stop() {
    if (run) run.stop();
    run = null;
  }

  function finished() {
    run = null;
    progress.hide();
    button.disabled = false;
  }

  return {
    /** Runs the experiment for `settings`, or shows the kept result when nothing changed (unless force). */
    start(settings, force = false) {
      stop();
      const key = JSON.stringify(settings);
      alertBox.hidden = true;
      if (!force && cache.key === key) {
        finished();
        draw(cache.result, settings);
        section.dataset.state = 'done';
        return;
      }
      button.disabled = true;
      section.dataset.state = 'running';
      if (runningText) claim.setFound([runningText]);
      let job;
      try {
        job = makeJob(settings);
      } catch (e) {
        finished();
        alertBox.hidden = false;
        alertBox.textContent = t('xp.error', { msg: errorText(e) });
        section.dataset.state = 'error';
        return;
      }
      progress.show(0, progressText(null));
      run = runJob(job, {
        onFrame: (p) => {
          if (p.done) return;
          const text = progressText(p);
          if (text !== null) progress.show(p.progress, text);
        },
        onDone: (p) => {
          finished();
          cache.key = key;
          cache.result = p.result;
          draw(p.result, settings);
          section.dataset.state = 'done';
        },
        onError: (e) => {
          finished();
          alertBox.hidden = false;
          alertBox.textContent = t('xp.error', { msg: errorText(e) });
          section.dataset.state = 'error';
        },
      });
    },
    /** Stops a running experiment and says so in the claim card. */
    cancel() {
      if (!run) return;
      stop();
      finished();
      section.dataset.state = 'cancelled';
      claim.setFound([t('xp.cancelled')]);
    },
    /** Stops without a word (the panel is going away). */
    stop,
  };
}
