// Our threads run the bundles in dist/ (plain CommonJS) and only compute. Node gives a new Worker the
// parent's execArgv, but checks the list it is given: a V8 or process-wide option (--max-old-space-size,
// --expose-gc, --stack-trace-limit, --title) makes `new Worker` throw, so `node --max-old-space-size=8192
// dist/cli.js` could not start a thread. A module hook (tsx: `--import tsx`, the tests and the bench)
// would be started again in every thread: 0.1–0.4 s of each thread's start. V8 options are process-wide
// and reach the threads anyway, so the threads get only the per-thread profiling and diagnostic options.
const KEPT = ['--cpu-prof', '--heap-prof', '--enable-source-maps', '--trace-warnings', '--trace-uncaught'];
/** a profiler's options with a value (`--cpu-prof-dir=D` or `--cpu-prof-dir D`), refused without the profiler itself */
const PROFILER_VALUES = ['-dir', '-name', '-interval'].flatMap((s) => [`--cpu-prof${s}`, `--heap-prof${s}`]);

/** process.execArgv reduced to the options a thread accepts and needs, for the threads we start. */
export function threadExecArgv(execArgv: readonly string[] = process.execArgv): string[] {
  const kept: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i];
    const valued = PROFILER_VALUES.find((flag) => arg === flag || arg.startsWith(`${flag}=`));
    if (KEPT.includes(arg)) kept.push(arg);
    else if (valued) {
      const value = arg === valued ? [arg, execArgv[++i]] : [arg];
      if (execArgv.includes(valued.replace(/-(dir|name|interval)$/, ''))) kept.push(...value);
    }
  }
  return kept;
}
