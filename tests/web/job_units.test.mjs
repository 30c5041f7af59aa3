// The job driver's generator jobs in node (kit/job.js): a yield of { rest: true } ends a step
// at once, whatever its budget, and the next step goes on from there; cancel() runs the
// generator's finally block. No clock is read by the assertions.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jobFromGenerator } from '../../web/src/kit/job.js';

test('a { rest: true } yield ends the step; the next step goes on after it', () => {
  const ran = [];
  let waiting = 2;
  const job = jobFromGenerator((function* () {
    ran.push('a');
    yield { done: 1, total: 3 };
    while (waiting > 0) { waiting--; yield { rest: true }; }
    ran.push('b');
    yield { done: 2, total: 3 };
    ran.push('c');
    return 'result';
  }()));
  // An unbounded budget still stops at each rest.
  let r = job.step(1e9);
  assert.deepEqual(ran, ['a']);
  assert.equal(r.done, false);
  assert.equal(r.info.done, 1, 'the rest does not replace the last progress report');
  r = job.step(1e9);
  assert.deepEqual(ran, ['a']);
  assert.equal(r.done, false);
  r = job.step(1e9);
  assert.deepEqual(ran, ['a', 'b', 'c']);
  assert.equal(r.done, true);
  assert.equal(r.result, 'result');
});

test('cancel() runs the generator\'s finally block once', () => {
  let freed = 0;
  const job = jobFromGenerator((function* () {
    try {
      for (;;) yield { rest: true };
    } finally {
      freed++;
    }
  }()));
  job.step(1e9);
  job.cancel();
  job.cancel();
  assert.equal(freed, 1);
});
