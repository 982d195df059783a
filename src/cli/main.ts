// `dataset-geometry analyze FILE` and `check FILE`: the same core as the extension, in a terminal.
// Exit codes: 0 success, 2 bad input or arguments (message on stderr), 1 an internal error or, for
// check, findings at the --fail-on severity.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../core/analysis';
import { prepareLoad } from '../core/data';
import { DatasetError } from '../core/data/dataset';
import { failsAt, formatCheck, formatMarkdown, formatText, severityCounts } from '../protocol/reportText';
import { availableParallelism } from 'node:os';
import { nodeInflate } from '../node/inflate';
import { readSource } from '../node/source';
import { startThreads } from '../worker/threads';
import { parseArgs, usage, UsageError } from './args';

async function main(argv: string[]): Promise<number> {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usage);
    return argv.length === 0 ? 2 : 0;
  }
  const options = parseArgs(argv);
  const showProgress = !options.quiet && process.stderr.isTTY;
  // dist/taskThread.js sits beside dist/cli.js
  const file = readSource(options.file, options.settings.maxBytes, options.split);
  const against = options.against === undefined ? undefined : readSource(options.against, options.settings.maxBytes);
  await prepareLoad(file, against);
  const parallel = startThreads(path.join(__dirname, 'taskThread.js'), options.threads || availableParallelism());
  const check = options.command === 'check';
  const report = analyze(file, options.settings, {
    inflate: nodeInflate,
    findingsOnly: check,
    against,
    progress: showProgress ? (stage, fraction) => process.stderr.write(`\r${stage} ${Math.round(fraction * 100)}%`.padEnd(30)) : undefined,
    parallel,
  });
  parallel.dispose();
  if (showProgress) process.stderr.write('\r'.padEnd(31) + '\r');
  if (check) {
    const findings = report.findings!;
    const failed = failsAt(findings, options.failOn);
    const text =
      options.output === 'json'
        ? JSON.stringify(
            {
              file: report.dataset.file,
              N: report.dataset.N,
              ...(report.dataset.sampling ? { sampling: report.dataset.sampling } : {}),
              failOn: options.failOn,
              failed,
              counts: severityCounts(findings),
              findings,
            },
            null,
            2,
          ) + '\n'
        : formatCheck(report.dataset.file, findings, report.dataset.sampling);
    if (options.out) fs.writeFileSync(options.out, text);
    else process.stdout.write(text);
    return failed ? 1 : 0;
  }
  const text = options.output === 'json' ? JSON.stringify(report, null, 2) + '\n' : options.output === 'markdown' ? formatMarkdown(report) : formatText(report);
  if (options.out) fs.writeFileSync(options.out, text);
  else process.stdout.write(text);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    if (e instanceof UsageError) {
      process.stderr.write(`dataset-geometry: ${e.message}\n\n${usage}`);
      process.exitCode = 2;
    } else if (e instanceof DatasetError) {
      process.stderr.write(`dataset-geometry: ${e.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`dataset-geometry: internal error: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 1;
    }
  },
);
