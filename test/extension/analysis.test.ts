// Integration tests in a real extension host: the command, the worker pool, the panel, errors,
// cancel and crash recovery, on the workspace the driver prepares (two-moons.csv, digits.csv,
// iris.parquet, iris.arrow, iris-lz4.arrow, iris.h5, iris-hf/, digits-png/, digits-images-hf/, malformed.csv, damaged.parquet (truncated), semicolon.csv, pipe.csv, a leaky
// iris split iris-train.csv / iris-test.csv, and Fashion-MNIST's training split where it is installed).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import { analyze } from '../../src/core/analysis';
import { prepareLoad } from '../../src/core/data';
import { NEAR_DUPLICATE_FRACTION } from '../../src/core/findings/checks';
import type { AnalysisSettings, Report } from '../../src/core/report';
import { nodeInflate } from '../../src/node/inflate';
import { headlineWidth } from '../../src/protocol/headline';
import { formatMarkdown } from '../../src/protocol/reportText';

interface ShownError {
  kind: string;
  message: string;
  row?: number;
  column?: string;
  openable?: boolean;
}

const file = (name: string) => vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, name);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => Thenable<T> | T, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (last value ${JSON.stringify(v)})`);
    await sleep(50);
  }
}

const analyzeCommand = (uri: vscode.Uri, settings: Partial<AnalysisSettings> = {}) =>
  vscode.commands.executeCommand<Report | undefined>('datasetGeometry.analyze', uri, { settings });
const lastError = () => vscode.commands.executeCommand<ShownError | undefined>('datasetGeometry.test.lastError');

/** Start a long run and resolve once the worker is inside it (the run's result is wrapped: an async
 * function returning a thenable would wait for it). */
async function startLongRun(uri: vscode.Uri, seed: string): Promise<{ pending: Thenable<Report | undefined> }> {
  const pending = analyzeCommand(uri, { mode: 'one-vs-rest', draws: 400, seed });
  await waitFor('the run to start', () => vscode.commands.executeCommand<boolean>('datasetGeometry.test.isRunning', uri), Boolean);
  await sleep(1000); // past parsing, into the sampling loops
  return { pending };
}

suite('Dataset Geometry in a real extension host', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension('dataset-geometry.dataset-geometry');
    assert.ok(ext, 'the extension under development is loaded');
    await ext.activate();
    console.log(`host: VS Code ${vscode.version} (${vscode.env.appName}, ${vscode.env.appHost}), node ${process.version}`);
  });

  test('the command analyses two-moons.csv and agrees with a direct core call', async () => {
    const uri = file('two-moons.csv');
    const report = await analyzeCommand(uri, { draws: 40 });
    assert.ok(report, 'the command returns the report');
    assert.equal(report.dataset.N, 1000);
    assert.equal(report.dataset.d, 2);
    assert.equal(typeof report.memorization?.requiredWidth, 'number', 'two moons memorize within maxWidth');
    // the same bytes and settings through core directly, in this thread
    const direct = analyze({ name: 'two-moons.csv', bytes: await readFile(uri.fsPath) }, report.settings, { inflate: nodeInflate });
    assert.deepEqual({ ...report, timings: {} }, { ...direct, timings: {} });
    console.log(`two-moons: n* = ${report.memorization!.requiredWidth}, K = ${report.memorization!.K}, δ = ${report.separation?.delta}`);

    // the panel shows the same number, and its findings table and charts
    const rendered = await waitFor(
      'the panel to render the final report',
      () =>
        vscode.commands.executeCommand<{ requiredWidth: string; sanityRows: number; charts: number } | undefined>('datasetGeometry.test.panelRendered', uri),
      (r) => r?.requiredWidth.replace(/,/g, '') === String(headlineWidth(report)),
    );
    assert.ok(rendered!.charts >= 2, `charts drawn: ${rendered!.charts}`);
    const expectedRows =
      (report.sanity?.conflicts.length ?? 0) +
      (report.sanity?.duplicateGroups.length ?? 0) +
      (report.separation?.closestPairs.length ?? 0) +
      (report.separation?.worstPoints.length ?? 0);
    assert.equal(rendered!.sanityRows, expectedRows);
  });

  test('Compare with… on two files selected in the explorer: the leaks of a train/test split, with the rows of both files', async () => {
    const train = file('iris-train.csv'),
      held = file('iris-test.csv');
    // the explorer passes the clicked file and the whole selection
    const report = await vscode.commands.executeCommand<Report | undefined>('datasetGeometry.compareWith', train, [train, held]);
    assert.ok(report?.findings, 'the command returns the report with its findings');
    const f = report.findings;
    assert.equal(f.against?.file, 'iris-test.csv');
    assert.equal(f.against!.N, 28);

    // brute force over the two files as written: rows with the same four values in both, by line number
    const lines = async (uri: vscode.Uri) =>
      (await readFile(uri.fsPath, 'utf8'))
        .trim()
        .split('\n')
        .slice(1)
        .map((l, i) => ({ line: i + 2, features: l.split(',').slice(0, 4).map(Number).join(), label: l.split(',')[4] }));
    const [a, b] = [await lines(train), await lines(held)];
    const same: number[][] = [],
      other: number[][] = [];
    for (const x of a) {
      const copies = b.filter((y) => y.features === x.features);
      if (copies.length === 0) continue;
      const partner = copies.find((y) => y.label === x.label);
      if (partner) same.push([x.line, partner.line]);
      else other.push([x.line, copies[0].line]);
    }
    const kinds = Object.fromEntries(f.rows.map((x) => [x.kind, x]));
    const pairs = (kind: string) => (kinds[kind]?.rows ?? []).map((r) => [r.row, r.partner!.row]);
    assert.deepEqual(pairs('leak-exact'), same);
    assert.deepEqual(pairs('leak-conflicting'), other);
    // what e2e/workspace.js planted at the end of the test file: a copy, a flipped label, a copy moved by 0.001
    assert.deepEqual(same, [[2, 27]]);
    assert.deepEqual(other, [[42, 28]]);
    assert.deepEqual(
      kinds['leak-conflicting'].rows.map((r) => [r.label, r.partner!.label]),
      [['1', '2']],
    );
    assert.deepEqual(pairs('leak-near'), [[83, 29]]);
    assert.equal(pairs('leak-near-conflicting').length, 0);
    for (const kind of ['leak-exact', 'leak-conflicting', 'leak-near']) assert.equal(kinds[kind].partnerFile, 'iris-test.csv');
    assert.ok(kinds['leak-near'].rows[0].score > 0 && kinds['leak-near'].rows[0].score < NEAR_DUPLICATE_FRACTION);

    // the class balance: total variation between the two files' label shares, counted here
    const share = (rows: { label: string }[], c: string) => rows.filter((r) => r.label === c).length / rows.length;
    const tv = ['0', '1', '2'].reduce((s, c) => s + Math.abs(share(a, c) - share(b, c)), 0) / 2;
    const shift = f.dataset.find((x) => x.kind === 'class-shift');
    assert.ok(shift, 'the class balance shift is reported');
    assert.match(shift.reason, new RegExp(`differs by ${Math.round(tv * 1000) / 10} % \\(total variation\\) from iris-test\\.csv`));

    // the same two files and settings through core directly, in this thread
    const source = async (uri: vscode.Uri, name: string) => ({ name, bytes: await readFile(uri.fsPath) });
    const direct = analyze(await source(train, 'iris-train.csv'), report.settings, { inflate: nodeInflate, against: await source(held, 'iris-test.csv') });
    assert.deepEqual({ ...report, timings: {} }, { ...direct, timings: {} });

    // the panel shows it, and its summary names the leaks and the other file
    await waitFor(
      'the panel to render the comparison',
      () => vscode.commands.executeCommand<{ requiredWidth: string } | undefined>('datasetGeometry.test.panelRendered', train),
      (r) => r?.requiredWidth.replace(/,/g, '') === String(headlineWidth(report)),
    );
    await vscode.commands.executeCommand('datasetGeometry.test.panelMessage', train, { type: 'export', kind: 'markdown' });
    const markdown = await vscode.env.clipboard.readText();
    assert.equal(markdown, formatMarkdown(report));
    assert.match(markdown, /leak-exact \| 1 row: the same row \(features and label\) is in iris-test\.csv/);
    console.log(
      `Compare with…: ${f.rows
        .filter((x) => x.kind.startsWith('leak'))
        .map((x) => `${x.kind} ${x.rows.length}`)
        .join(', ')}; ${shift.reason}`,
    );
  });

  test('Compare with… on one file (the palette, an editor): the second file comes from a quick pick of the other datasets', async () => {
    const train = file('iris-train.csv');
    const answerPicks = (answers: (string[] | undefined)[]) =>
      vscode.commands.executeCommand<{ title: string; items: string[] }[]>('datasetGeometry.test.answerPicks', answers);
    await answerPicks([['iris-test.csv'], undefined]);
    const report = await vscode.commands.executeCommand<Report | undefined>('datasetGeometry.compareWith', train);
    // the second time the pick is dismissed: nothing runs
    const dismissed = await vscode.commands.executeCommand<Report | undefined>('datasetGeometry.compareWith', train);
    const asked = await answerPicks([]);
    assert.equal(asked.length, 2);
    assert.equal(asked[0].title, 'Compare iris-train.csv with which dataset?');
    assert.ok(asked[0].items.includes('iris-test.csv') && asked[0].items.includes('two-moons.csv'), asked[0].items.join(', '));
    assert.ok(!asked[0].items.includes('iris-train.csv'), 'the file itself is not offered');
    assert.equal(report?.findings?.against?.file, 'iris-test.csv');
    assert.deepEqual(
      report.findings.rows.filter((r) => r.kind.startsWith('leak')).map((r) => [r.kind, r.rows.length]),
      [
        ['leak-conflicting', 1],
        ['leak-exact', 1],
        ['leak-near', 1],
      ],
      'the leaks the explorer path finds (the test above)',
    );
    assert.equal(dismissed, undefined);
  });

  test('the command analyses a Parquet file (iris.parquet, zstd) as the explorer menu does, and agrees with a direct core call', async () => {
    const uri = file('iris.parquet');
    const report = await analyzeCommand(uri, { draws: 40 });
    assert.ok(report, 'the command returns the report');
    assert.equal(report.dataset.format, 'parquet');
    assert.equal(report.dataset.N, 150);
    assert.equal(report.dataset.d, 4);
    assert.deepEqual(
      report.dataset.classes.map((c) => c.count),
      [50, 50, 50],
    );
    const direct = analyze({ name: 'iris.parquet', bytes: await readFile(uri.fsPath) }, report.settings, { inflate: nodeInflate });
    assert.deepEqual({ ...report, timings: {} }, { ...direct, timings: {} });
    await waitFor(
      'the panel to render the Parquet report',
      () => vscode.commands.executeCommand<{ requiredWidth: string } | undefined>('datasetGeometry.test.panelRendered', uri),
      (r) => r?.requiredWidth.replace(/,/g, '') === String(headlineWidth(report)),
    );
  });

  test('the command analyses an Arrow file, a Hugging Face save_to_disk folder and an image folder as the explorer menus do', async () => {
    const arrow = await analyzeCommand(file('iris.arrow'), { draws: 40 });
    assert.equal(arrow?.dataset.format, 'arrow');
    const direct = analyze({ name: 'iris.arrow', bytes: await readFile(file('iris.arrow').fsPath) }, arrow!.settings, { inflate: nodeInflate });
    assert.deepEqual({ ...arrow, timings: {} }, { ...direct, timings: {} });
    // the folder is the argument, as the explorer's folder menu passes it
    const hf = await analyzeCommand(file('iris-hf'), { draws: 40 });
    assert.equal(hf?.dataset.format, 'huggingface');
    assert.equal(hf!.dataset.file, 'iris-hf/');
    assert.deepEqual(hf!.memorization, arrow!.memorization, 'the same data as the Arrow file');
    const images = await analyzeCommand(file('digits-png'), { draws: 40 });
    assert.equal(images?.dataset.format, 'imagefolder');
    assert.deepEqual([images!.dataset.N, images!.dataset.d, images!.dataset.pixelScaled], [24, 64, true]);
    assert.match(images!.dataset.images, /^images: an image folder of PNG files, converted to grayscale/);
    await waitFor(
      'the panel to render the image folder report',
      () => vscode.commands.executeCommand<{ requiredWidth: string } | undefined>('datasetGeometry.test.panelRendered', file('digits-png')),
      (r) => r?.requiredWidth.replace(/,/g, '') === String(headlineWidth(images!)),
    );
  });

  test('a DatasetDict folder of image columns: the split is asked once (train offered first), the picked one is read and said in the report', async () => {
    const folder = file('digits-images-hf');
    await vscode.commands.executeCommand('datasetGeometry.test.answerPicks', [['test']]);
    const report = await analyzeCommand(folder, { draws: 40 });
    const asked = await vscode.commands.executeCommand<{ title: string; items: string[] }[]>('datasetGeometry.test.answerPicks', []);
    assert.deepEqual(
      asked.map((q) => q.items),
      [['train', 'test']],
    );
    assert.equal(report?.dataset.format, 'huggingface');
    assert.deepEqual([report!.dataset.N, report!.dataset.d, report!.dataset.pixelScaled], [12, 64, true]);
    assert.match(report!.dataset.split!, /^the test split of a DatasetDict/);
    assert.match(report!.dataset.images, /^images: an image column \(image\) of PNG images/);
    // a rerun reads the same split without asking again
    await analyzeCommand(folder, { draws: 41 });
    assert.deepEqual(await vscode.commands.executeCommand('datasetGeometry.test.answerPicks', []), []);
  });

  test('the command analyses an HDF5 file (its reader loaded in the worker on demand) and an LZ4-compressed Arrow file', async () => {
    for (const [name, format] of [
      ['iris.h5', 'hdf5'],
      ['iris-lz4.arrow', 'arrow'],
    ]) {
      const report = await analyzeCommand(file(name), { draws: 40 });
      assert.equal(report?.dataset.format, format, name);
      const source = { name, bytes: new Uint8Array(await readFile(file(name).fsPath)) };
      await prepareLoad(source);
      const direct = analyze(source, report!.settings, { inflate: nodeInflate });
      assert.deepEqual({ ...report, timings: {} }, { ...direct, timings: {} }, name);
    }
  });

  test('a findings row opens the file at that line; Copy Markdown fills the clipboard', async () => {
    const uri = file('two-moons.csv');
    const report = await analyzeCommand(uri, { draws: 40 });
    const row = report!.separation!.closestPairs[0].a.row;
    assert.equal(await vscode.commands.executeCommand('datasetGeometry.test.panelMessage', uri, { type: 'openRow', row }), true);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), uri.toString());
    assert.equal(editor!.selection.active.line, row - 1, 'rows are 1-based lines');
    assert.match(editor!.document.lineAt(row - 1).text, /^-?\d/, 'a data line, not the header');
    // the host builds the summary from the report it holds: the CLI's --markdown text of the same report
    await vscode.commands.executeCommand('datasetGeometry.test.panelMessage', uri, { type: 'export', kind: 'markdown' });
    assert.equal(await vscode.env.clipboard.readText(), formatMarkdown(report!));
  });

  test('a footnote citation opens the shipped SCIENCE.md in the Markdown preview beside the panel', async () => {
    const uri = file('two-moons.csv');
    await analyzeCommand(uri, { draws: 40 });
    const science = vscode.Uri.joinPath(vscode.extensions.getExtension('dataset-geometry.dataset-geometry')!.extensionUri, 'docs', 'SCIENCE.md');
    assert.match(new TextDecoder().decode(await vscode.workspace.fs.readFile(science)), /^## 5\. Lipschitz estimates$/m, 'the document is in the extension');
    assert.equal(await vscode.commands.executeCommand('datasetGeometry.test.panelMessage', uri, { type: 'openScience', section: 5 }), true);
    const preview = await waitFor(
      'a Markdown preview of SCIENCE.md',
      () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType) && t.label.includes('SCIENCE.md')),
      Boolean,
    );
    console.log(`science link: tab "${preview!.label}" (${(preview!.input as vscode.TabInputWebview).viewType})`);
    await vscode.window.tabGroups.close(preview!);
  });

  test('the status bar item opens the panel as it was: no new run, the report of the settings chosen in the panel', async () => {
    const uri = file('two-moons.csv');
    const report = await analyzeCommand(uri, { draws: 30, seed: 'status bar' });
    // the user closed the panel
    for (const group of vscode.window.tabGroups.all) await vscode.window.tabGroups.close(group.tabs.filter((t) => t.input instanceof vscode.TabInputWebview));
    const item = await vscode.commands.executeCommand<{ text: string; command?: vscode.Command }>('datasetGeometry.test.statusBar');
    assert.equal(item?.text, `$(graph) n* = ${headlineWidth(report!)}`);
    await vscode.commands.executeCommand(item!.command!.command, ...(item!.command!.arguments ?? []));
    assert.equal(await vscode.commands.executeCommand('datasetGeometry.test.isRunning', uri), false, 'no new run');
    assert.equal(await vscode.commands.executeCommand('datasetGeometry.test.lastReport', uri), report, 'the report of the settings chosen stays the last one');
    const rendered = await waitFor(
      'the reopened panel to render the report',
      () => vscode.commands.executeCommand<{ requiredWidth: string } | undefined>('datasetGeometry.test.panelRendered', uri),
      (r) => r?.requiredWidth.replace(/,/g, '') === String(headlineWidth(report!)),
    );
    assert.ok(rendered);
  });

  test('the same file and settings come from the cache', async () => {
    const uri = file('two-moons.csv');
    const first = await analyzeCommand(uri, { draws: 40 });
    const second = await analyzeCommand(uri, { draws: 40 });
    assert.ok(first && second);
    assert.equal(second, first, 'the cached object itself is returned');
  });

  test('a malformed file shows an error naming row and column, and the extension keeps working', async () => {
    const report = await analyzeCommand(file('malformed.csv'));
    assert.equal(report, undefined);
    const shown = await lastError();
    console.log(`error shown: ${shown?.message}`);
    assert.equal(shown?.kind, 'dataset');
    assert.equal(shown?.row, 4, 'the 4th line holds "oops"');
    assert.equal(shown?.column, 'x1');
    assert.match(shown!.message, /malformed\.csv/);
    assert.match(shown!.message, /row 4/);
    assert.match(shown!.message, /x1/);
    const after = await analyzeCommand(file('two-moons.csv'), { draws: 20, seed: 'after-error' });
    assert.equal(typeof after?.memorization?.requiredWidth, 'number');
  });

  test('a damaged binary file: the error names the file and says what is wrong, without an Open File that cannot show it', async () => {
    const uri = file('damaged.parquet');
    assert.equal(await analyzeCommand(uri), undefined);
    const shown = await lastError();
    console.log(`error shown: ${shown?.message}`);
    assert.equal(shown?.kind, 'dataset');
    assert.match(shown!.message, /damaged\.parquet: truncated/);
    // a row of a binary file (the panel's Open File, a findings row) answers with where the record is, and never throws
    assert.equal(await vscode.commands.executeCommand('datasetGeometry.test.panelMessage', uri, { type: 'openRow', row: 3 }), true);
    assert.notEqual(vscode.window.activeTextEditor?.document.uri.toString(), uri.toString());
    assert.equal(shown?.openable, false, 'a binary file opens in no text editor');
    // a text file's bad row keeps its Open File
    await analyzeCommand(file('malformed.csv'));
    assert.equal((await lastError())?.openable, true);
  });

  test('the label-column and class pickers offer what the core read from ;- and |-separated files', async () => {
    for (const name of ['semicolon.csv', 'pipe.csv']) {
      // the last column (the default label) holds one value; binary mode then meets three classes
      await vscode.commands.executeCommand('datasetGeometry.test.answerPicks', [['species'], ['0', '2']]);
      const report = await analyzeCommand(file(name), { mode: 'binary', draws: 20, seed: name });
      const asked = await vscode.commands.executeCommand<{ title: string; items: string[] }[]>('datasetGeometry.test.answerPicks', []);
      assert.deepEqual(
        asked.map((q) => q.items),
        [
          ['sepal', 'petal', 'species', 'batch'],
          ['0', '1', '2'],
        ],
        name,
      );
      assert.ok(report, `${name}: the run with the picked column and classes returns a report`);
      assert.equal(report.dataset.labelColumn, 'species');
      assert.deepEqual(
        report.dataset.classes.map((c) => c.name),
        ['0', '2'],
      );
      assert.equal(report.dataset.N, 20);
    }
  });

  test('cancel stops a long run and says so (the time it took is printed, not asserted)', async () => {
    const uri = file('digits.csv');
    const { pending } = await startLongRun(uri, 'cancel');
    const t0 = performance.now();
    assert.equal(await vscode.commands.executeCommand('datasetGeometry.test.cancel', uri), true);
    const result = await pending;
    const elapsed = performance.now() - t0;
    console.log(`cancel took ${elapsed.toFixed(0)} ms`);
    assert.equal(result, undefined);
    assert.equal((await lastError())?.kind, 'cancelled');
  });

  test('a crashed worker fails its job clearly and the next analysis works', async () => {
    const uri = file('digits.csv');
    const { pending } = await startLongRun(uri, 'crash');
    assert.equal(await vscode.commands.executeCommand('datasetGeometry.test.crashWorker', uri), true);
    assert.equal(await pending, undefined);
    const shown = await lastError();
    console.log(`crash shown: ${shown?.message}`);
    assert.equal(shown?.kind, 'crashed');
    assert.match(shown!.message, /exit code 70/);
    const next = await analyzeCommand(file('two-moons.csv'), { draws: 20, seed: 'after-crash' });
    assert.equal(typeof next?.memorization?.requiredWidth, 'number');
  });

  test('Fashion-MNIST T-shirt vs shirt (12,000 × 784, defaults): the time until the panel shows the headline', async function () {
    this.timeout(600_000);
    const uri = file('train-images-idx3-ubyte.gz');
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      console.log("Fashion-MNIST headline: skipped, Debian's dataset-fashion-mnist is not installed (apt-get install dataset-fashion-mnist)");
      this.skip();
    }
    const t0 = Date.now();
    const pending = analyzeCommand(uri, { classes: ['0', '6'] });
    const shown = await waitFor(
      'the headline on screen',
      () => vscode.commands.executeCommand<{ at: number; requiredWidth: string; milestones: string } | undefined>('datasetGeometry.test.headlineShown', uri),
      (h) => h !== undefined && h.at >= t0,
      540_000,
    );
    console.log(
      `Fashion-MNIST 0 vs 6 (12,000 × 784, every setting at its default): the panel shows n* = ${shown!.requiredWidth} ${((shown!.at - t0) / 1000).toFixed(1)} s after the command`,
    );
    // where that time went, for the next one who shortens it
    console.log(`  after the panel's run started: ${shown!.milestones}`);
    // the rest of the job is the benchmark's (npm run bench), not this suite's
    await vscode.commands.executeCommand('datasetGeometry.test.cancel', uri);
    assert.equal(await pending, undefined);
    assert.match(shown!.requiredWidth, /^[\d,]+$/, 'a width, not a placeholder');
  });

  test('the extension host stays responsive during a one-vs-rest analysis of digits.csv', async function () {
    this.timeout(300_000); // every stage with default settings: about a minute on a busy 2-core machine
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    // when the long stalls happen (seconds after the command), to tell them apart from the run's start
    const t0 = performance.now();
    let last = t0;
    const stalls: string[] = [];
    const ticker = setInterval(() => {
      const now = performance.now();
      if (now - last > 100) stalls.push(`${((last - t0) / 1000).toFixed(1)} s: ${(now - last).toFixed(0)} ms`);
      last = now;
    }, 10);
    const report = await analyzeCommand(file('digits.csv'), { mode: 'one-vs-rest' });
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(ticker);
    h.disable();
    const ms = (ns: number) => (ns / 1e6).toFixed(1);
    console.log(
      `event-loop delay over ${seconds.toFixed(1)} s of digits one-vs-rest: mean ${ms(h.mean)} ms, p99 ${ms(h.percentile(99))} ms, max ${ms(h.max)} ms; stalls over 100 ms: ${stalls.join(', ') || 'none'}`,
    );
    assert.ok(report?.multiclass?.oneVsRest, 'one-vs-rest result present');
  });
});
