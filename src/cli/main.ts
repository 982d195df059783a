// `dataset-geometry analyze FILE` and `check FILE`: the same core as the extension, in a terminal.
// Exit codes: 0 success, 2 bad input or arguments (message on stderr), 1 an internal error or, for
// check, findings at the --fail-on severity.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../core/analysis';
import { DatasetError } from '../core/data/dataset';
import { checkFileSize, folderFiles, folderName, siblingNames } from '../protocol/datasetFiles';
import { failsAt, formatCheck, formatMarkdown, formatText, severityCounts } from '../protocol/reportText';
import { availableParallelism } from 'node:os';
import { nodeInflate } from '../node/inflate';
import { startThreads } from '../worker/threads';
import { parseArgs, usage, UsageError } from './args';

function readSource(file: string, maxBytes: number) {
  if (fs.statSync(file, { throwIfNoEntry: false })?.isDirectory()) return readFolder(file, maxBytes);
  let bytes: Uint8Array;
  try {
    checkFileSize(path.basename(file), fs.statSync(file).size, maxBytes);
    bytes = fs.readFileSync(file);
  } catch (e) {
    if (e instanceof DatasetError) throw e;
    throw new DatasetError(file, `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}).`);
  }
  const siblings: Record<string, Uint8Array> = {};
  for (const name of siblingNames(path.basename(file))) {
    const p = path.join(path.dirname(file), name);
    if (fs.existsSync(p)) siblings[name] = fs.readFileSync(p);
  }
  return { name: path.basename(file), bytes, siblings };
}

/** A folder dataset: the files its format reads (two levels deep), as siblings by relative path. */
function readFolder(dir: string, maxBytes: number) {
  const listing = fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? fs.readdirSync(path.join(dir, e.name), { withFileTypes: true }).filter((f) => f.isFile()).map((f) => `${e.name}/${f.name}`) : e.isFile() ? [e.name] : [],
  );
  const name = folderName(path.basename(path.resolve(dir)));
  const siblings: Record<string, Uint8Array> = {};
  let total = 0;
  for (const p of folderFiles(listing).sort()) {
    siblings[p] = fs.readFileSync(path.join(dir, ...p.split('/')));
    total += siblings[p].length;
    checkFileSize(name, total, maxBytes);
  }
  return { name, bytes: new Uint8Array(0), siblings };
}

function main(argv: string[]): number {
  if (argv.length === 0 || argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usage);
    return argv.length === 0 ? 2 : 0;
  }
  const options = parseArgs(argv);
  const showProgress = !options.quiet && process.stderr.isTTY;
  // dist/tasks.js sits beside dist/cli.js
  const parallel = startThreads(path.join(__dirname, 'tasks.js'), options.threads || availableParallelism());
  const check = options.command === 'check';
  const report = analyze(readSource(options.file, options.settings.maxBytes), options.settings, {
    inflate: nodeInflate,
    findingsOnly: check,
    against: options.against === undefined ? undefined : readSource(options.against, options.settings.maxBytes),
    progress: showProgress
      ? (stage, fraction) => process.stderr.write(`\r${stage} ${Math.round(fraction * 100)}%`.padEnd(30))
      : undefined,
    parallel,
  });
  parallel.dispose();
  if (showProgress) process.stderr.write('\r'.padEnd(31) + '\r');
  if (check) {
    const findings = report.findings!;
    const failed = failsAt(findings, options.failOn);
    const text = options.output === 'json'
      ? JSON.stringify({ file: report.dataset.file, N: report.dataset.N, failOn: options.failOn, failed, counts: severityCounts(findings), findings }, null, 2) + '\n'
      : formatCheck(report.dataset.file, findings);
    if (options.out) fs.writeFileSync(options.out, text);
    else process.stdout.write(text);
    return failed ? 1 : 0;
  }
  const text =
    options.output === 'json' ? JSON.stringify(report, null, 2) + '\n'
    : options.output === 'markdown' ? formatMarkdown(report)
    : formatText(report);
  if (options.out) fs.writeFileSync(options.out, text);
  else process.stdout.write(text);
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
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
}
