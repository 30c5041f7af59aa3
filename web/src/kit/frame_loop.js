// The one play / pause loop of the page: calls tick() once per animation frame while it
// runs. Panels that train live (Playground, Regions, Gradient flow) and the job driver
// (job.js) use it; nothing else calls requestAnimationFrame. No timing policy here: a tick
// decides how much work it does.

// When the current animation frame's first tick began: every requestAnimationFrame callback
// of one frame gets the same time stamp, and they all run in one task of the page.
let frameStamp = -1;
let frameBegan = 0;

/**
 * The milliseconds the ticks of this animation frame have run so far (called from a tick):
 * what other loops did in the same task before it, so a tick can leave its own work for
 * the next frame.
 */
export function frameSpent() {
  return performance.now() - frameBegan;
}

/**
 * Creates a stopped loop. tick() returns false to stop after this frame; onStop() runs
 * whenever the loop stops (by stop(), by tick returning false, or by tick throwing, which
 * stops the loop and rethrows). Returns { start(), stop(), running }.
 */
export function frameLoop(tick, { onStop } = {}) {
  let raf = 0;
  let running = false;

  function halt() {
    const was = running;
    running = false;
    if (raf) cancelAnimationFrame(raf);
    raf = 0;
    if (was && onStop) onStop();
  }

  function frame(stamp) {
    raf = 0;
    if (!running) return;
    if (stamp !== frameStamp) {
      frameStamp = stamp;
      frameBegan = performance.now();
    }
    let more;
    try {
      more = tick();
    } catch (e) {
      halt();
      throw e;
    }
    if (more === false) halt();
    else if (running && !raf) raf = requestAnimationFrame(frame);
  }

  return {
    /** Starts (or keeps) running; the first tick comes on the next frame. */
    start() {
      if (running) return;
      running = true;
      raf = requestAnimationFrame(frame);
    },
    /** Stops after the current frame; onStop runs if it was running. */
    stop: halt,
    get running() { return running; },
  };
}
