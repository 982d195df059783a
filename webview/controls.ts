// The controls that re-run the analysis (λ, activation, draws, η, classes, normalisation, seed), the
// exports, and the run/cancel buttons. @vscode-elements components, imported one by one.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import type { AnalysisSettings, Report } from '../src/core/report';
import { el } from './dom';

interface ValueElement extends HTMLElement {
  value: string;
}

export interface ControlActions {
  rerun(settings: AnalysisSettings): void;
  cancel(): void;
  exportJson(): void;
  exportCsv(): void;
  copyMarkdown(): void;
}

function field(label: string, title: string, input: HTMLElement): HTMLElement {
  const id = `ctl-${label.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  input.id = id;
  return el('div', { class: 'control', title }, el('vscode-label', { attrs: { for: id } }, label), input);
}

// numbers are typed as text and validated on Run: the component's number type rejects decimals unless
// given a numeric step, and η needs arbitrary small decimals
function textfield(value: string): ValueElement {
  const t = el('vscode-textfield', { attrs: { value } }) as ValueElement;
  t.value = value;
  return t;
}

function select(options: [string, string][], value: string): ValueElement {
  const s = el('vscode-single-select', {}, ...options.map(([v, label]) => {
    const o = el('vscode-option', { attrs: { value: v } }, label);
    if (v === value) o.setAttribute('selected', '');
    return o;
  })) as ValueElement;
  return s;
}

/** Build the controls for `settings`; the classes list comes from the last report, when there is one. */
export function renderControls(settings: AnalysisSettings, report: Report | undefined, running: boolean, actions: ControlActions): HTMLElement {
  const lambda = textfield(String(settings.lambda));
  const activation = select([['threshold', 'threshold'], ['relu', 'ReLU']], settings.activation);
  const draws = textfield(String(settings.draws));
  const eta = textfield(String(settings.eta));
  const normalize = select([['max-norm', 'max-norm'], ['center', 'center'], ['standardize', 'standardize'], ['none', 'none']], settings.normalize);
  const seed = textfield(settings.seed);
  const names = report?.dataset.classes.map((c) => c.name) ?? [];
  const pairs: [string, string][] = [['', names.length > 2 ? 'all (one-vs-rest + pairwise)' : 'all']];
  for (let i = 0; i < names.length && names.length <= 12; i++) for (let j = i + 1; j < names.length; j++) pairs.push([JSON.stringify([names[i], names[j]]), `${names[i]} vs ${names[j]}`]);
  const classes = select(pairs, settings.classes ? JSON.stringify(settings.classes) : '');

  const read = (): AnalysisSettings => {
    const lam = lambda.value.trim();
    const next: AnalysisSettings = {
      ...settings,
      lambda: lam === 'auto' ? 'auto' : Number(lam),
      activation: activation.value as AnalysisSettings['activation'],
      draws: Math.max(1, Math.round(Number(draws.value))),
      eta: Number(eta.value),
      normalize: normalize.value as AnalysisSettings['normalize'],
      seed: seed.value.trim() || settings.seed,
    };
    if (classes.value) next.classes = JSON.parse(classes.value) as [string, string];
    else delete next.classes;
    return next;
  };
  const valid = (s: AnalysisSettings) => (s.lambda === 'auto' || (Number.isFinite(s.lambda) && s.lambda >= 0)) && s.eta > 0 && s.eta < 1 && Number.isFinite(s.draws);

  const run = el('vscode-button', { id: 'run', on: { click: () => { const s = read(); if (valid(s)) actions.rerun(s); else run.setAttribute('title', 'λ ≥ 0 or auto, 0 < η < 1, draws ≥ 1'); } } }, 'Run');
  const cancel = el('vscode-button', { id: 'cancel', attrs: { secondary: '' }, on: { click: () => actions.cancel() } }, 'Cancel');
  if (running) run.setAttribute('disabled', '');
  else cancel.setAttribute('disabled', '');
  const exportButton = (id: string, label: string, onClick: () => void) =>
    el('vscode-button', { id, attrs: { secondary: '', ...(report ? {} : { disabled: '' }) }, on: { click: onClick } }, label);

  return el('section', { class: 'controls', id: 'controls' },
    el('div', { class: 'control-grid' },
      field('λ', 'maximal first-layer bias λ ≥ 0, or auto for the sweep\'s best — SCIENCE.md §2', lambda),
      field('Activation', 'σ of the first layer — SCIENCE.md §2', activation),
      field('Draws T', 'independent seeded first-layer draws — SCIENCE.md §3', draws),
      field('η', 'failure probability: n* is the smallest n with P(n) ≥ 1 − η — SCIENCE.md §3', eta),
      field('Classes', 'restrict to two classes, or all', classes),
      field('Normalisation', 'SCIENCE.md §1', normalize),
      field('Seed', 'every random draw is seeded — SCIENCE.md §7', seed),
    ),
    el('div', { class: 'buttons' }, run, cancel,
      exportButton('export-json', 'Report JSON', actions.exportJson),
      exportButton('export-csv', 'Curves CSV', actions.exportCsv),
      exportButton('copy-md', 'Copy Markdown', actions.copyMarkdown)),
  );
}
