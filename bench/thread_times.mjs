// Preloaded by bench/cli.mjs into the tool's node (node --import): at exit, writes to stderr
// the on-CPU time of the main thread and of all threads and the main thread's time waiting
// for a CPU (ms, from /proc/self/task/<tid>/schedstat, Linux only). On a busy machine the
// main thread's CPU time stands for the wall time an idle machine would take (background
// compiler threads running beside it on the other core), where the wall time itself is
// mostly the wait for a CPU.
import { readFileSync, readdirSync, writeSync } from 'node:fs';

const sched = (tid) => readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8').split(' ').map(Number);

process.on('exit', () => {
  try {
    const [mainCpu, mainWait] = sched(process.pid);
    let all = 0;
    for (const tid of readdirSync('/proc/self/task')) {
      try { all += sched(tid)[0]; } catch { /* a thread that ended meanwhile */ }
    }
    writeSync(2, `thread-times ${mainCpu / 1e6} ${all / 1e6} ${mainWait / 1e6}\n`);
  } catch { /* no /proc: nothing to report */ }
});
