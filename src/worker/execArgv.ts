// Our threads run the bundles in dist/ (plain CommonJS) and need none of the host process's module
// hooks. Node gives every new Worker the parent's execArgv, so a loader such as tsx (`--import tsx`:
// the tests, the bench, a CLI started through it) would be started again in the analysis worker, the
// supervisor and each task thread: 0.1–0.4 s of each thread's start, before the job can begin.
const HOOK_FLAGS = ['--import', '--loader', '--experimental-loader', '--require', '-r'];

/** process.execArgv without the module-hook flags (and their values), for the threads we start. */
export function threadExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i];
    if (HOOK_FLAGS.includes(arg))
      i++; // the value is the next argument
    else if (!HOOK_FLAGS.some((flag) => arg.startsWith(`${flag}=`))) kept.push(arg);
  }
  return kept;
}
