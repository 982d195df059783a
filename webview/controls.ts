// The controls that re-run the analysis, as one line: the settings that differ from the defaults, Run,
// Cancel, the exports and a toggle that opens the full form (λ, activation, draws, η, largest width,
// classes, normalisation, seed). Every field is checked as it is typed; Run stays disabled while one
// is invalid, and the field says why.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import { defaultSettings, lambdaRule, normalizationSettings, numberRules, parseNumber, type AnalysisSettings, type NumberRule } from '../src/protocol/settings';
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
  /** the form was opened or closed (kept across re-renders) */
  toggle(open: boolean): void;
}

/** A field's value, parsed: the setting's value, or the reason it is invalid. */
type Parse = (text: string) => { value: unknown } | { error: string };

interface Field {
  key: keyof AnalysisSettings;
  id: string;
  label: string;
  title: string;
  input: ValueElement;
  parse?: Parse;
}

const ruled =
  (rule: NumberRule): Parse =>
  (t) =>
    parseNumber(rule, t);
const parseLambda: Parse = (t) => {
  if (t.trim() === 'auto') return { value: 'auto' };
  const parsed = parseNumber(lambdaRule, t);
  return 'error' in parsed ? { error: `${parsed.error}, or auto` } : parsed;
};

function textfield(value: string): ValueElement {
  const t = el('vscode-textfield', { attrs: { value } }) as ValueElement;
  t.value = value;
  return t;
}

function select(options: [string, string][], value: string): ValueElement {
  return el(
    'vscode-single-select',
    {},
    ...options.map(([v, label]) => {
      const o = el('vscode-option', { attrs: { value: v } }, label);
      if (v === value) o.setAttribute('selected', '');
      return o;
    }),
  ) as ValueElement;
}

const show = (v: unknown) => (Array.isArray(v) ? v.join(' vs ') : String(v));

/** The settings that differ from the defaults, as "λ = auto · normalisation = standardize". */
export function changedSettings(settings: AnalysisSettings): string {
  const names: [keyof AnalysisSettings, string][] = [
    ['lambda', 'λ'],
    ['activation', 'activation'],
    ['draws', 'T'],
    ['eta', 'η'],
    ['maxWidth', 'largest width'],
    ['classes', 'classes'],
    ['normalize', 'normalisation'],
    ['seed', 'seed'],
    ['mode', 'mode'],
  ];
  const changed = names
    .filter(([k]) => JSON.stringify(settings[k]) !== JSON.stringify(defaultSettings[k]))
    .map(([k, name]) => `${name} = ${show(settings[k])}`);
  return changed.length ? changed.join(' · ') : 'default settings';
}

/** Build the controls for `settings`; `names`: the file's classes (the pairs the Classes field offers).
 * `exportable`: a run has finished, so the host holds a report to export (a partial one has none). */
export function renderControls(
  settings: AnalysisSettings,
  names: string[],
  running: boolean,
  open: boolean,
  exportable: boolean,
  actions: ControlActions,
): HTMLElement {
  const pairs: [string, string][] = [['', names.length > 2 ? 'all (one-vs-rest + pairwise)' : 'all']];
  for (let i = 0; i < names.length && names.length <= 12; i++)
    for (let j = i + 1; j < names.length; j++) pairs.push([JSON.stringify([names[i], names[j]]), `${names[i]} vs ${names[j]}`]);
  const fields: Field[] = [
    {
      key: 'lambda',
      id: 'ctl-lambda',
      label: 'λ',
      title: "maximal first-layer bias λ ≥ 0, or auto for the sweep's best — SCIENCE.md §2",
      input: textfield(String(settings.lambda)),
      parse: parseLambda,
    },
    {
      key: 'activation',
      id: 'ctl-activation',
      label: 'Activation',
      title: 'σ of the first layer — SCIENCE.md §2',
      input: select(
        [
          ['threshold', 'threshold'],
          ['relu', 'ReLU'],
        ],
        settings.activation,
      ),
    },
    {
      key: 'draws',
      id: 'ctl-draws',
      label: 'Draws T',
      title: 'independent seeded first-layer draws — SCIENCE.md §3',
      input: textfield(String(settings.draws)),
      parse: ruled(numberRules.draws),
    },
    {
      key: 'eta',
      id: 'ctl-eta',
      label: 'η',
      title: 'failure probability: n* is the smallest n with P(n) ≥ 1 − η — SCIENCE.md §3',
      input: textfield(String(settings.eta)),
      parse: ruled(numberRules.eta),
    },
    {
      key: 'maxWidth',
      id: 'ctl-max-width',
      label: 'Largest width',
      title: 'the largest first-layer width tried — SCIENCE.md §3',
      input: textfield(String(settings.maxWidth)),
      parse: ruled(numberRules.maxWidth),
    },
    {
      key: 'classes',
      id: 'ctl-classes',
      label: 'Classes',
      title: 'restrict to two classes, or all',
      input: select(pairs, settings.classes ? JSON.stringify(settings.classes) : ''),
    },
    {
      key: 'normalize',
      id: 'ctl-normalize',
      label: 'Normalisation',
      title: "auto standardises when the features' spreads differ 100-fold — SCIENCE.md §1",
      input: select(
        normalizationSettings.map((v) => [v, v]),
        settings.normalize,
      ),
    },
    { key: 'seed', id: 'ctl-seed', label: 'Seed', title: 'every random draw is seeded — SCIENCE.md §7', input: textfield(settings.seed) },
  ];
  const errors = new Map<string, HTMLElement>();
  const run = el('vscode-button', { id: 'run' }, 'Run');
  const parseAll = (): AnalysisSettings | null => {
    const next: AnalysisSettings = { ...settings };
    let ok = true;
    for (const f of fields) {
      const text = f.input.value;
      if (f.key === 'classes') {
        if (text) next.classes = JSON.parse(text) as [string, string];
        else delete next.classes;
        continue;
      }
      const parsed = f.parse ? f.parse(text) : { value: f.key === 'seed' ? text.trim() || settings.seed : text };
      const message = errors.get(f.id)!;
      if ('error' in parsed) {
        ok = false;
        message.textContent = `Expected ${parsed.error}.`;
        f.input.setAttribute('invalid', '');
        f.input.setAttribute('aria-invalid', 'true');
      } else {
        message.textContent = '';
        f.input.removeAttribute('invalid');
        f.input.removeAttribute('aria-invalid');
        (next as unknown as Record<string, unknown>)[f.key] = parsed.value;
      }
    }
    return ok ? next : null;
  };
  const refresh = () => {
    const valid = parseAll() !== null;
    if (running || !valid) run.setAttribute('disabled', '');
    else run.removeAttribute('disabled');
  };
  run.addEventListener('click', () => {
    const s = parseAll();
    if (s && !running) actions.rerun(s);
  });
  const grid = el(
    'div',
    { class: 'control-grid', id: 'control-form', attrs: open ? {} : { hidden: '' } },
    ...fields.map((f) => {
      f.input.id = f.id;
      const message = el('span', { class: 'field-error', id: `${f.id}-error`, attrs: { 'aria-live': 'polite' } });
      errors.set(f.id, message);
      f.input.setAttribute('aria-describedby', message.id);
      f.input.addEventListener('input', refresh);
      f.input.addEventListener('change', refresh);
      return el('div', { class: 'control', title: f.title }, el('vscode-label', { attrs: { for: f.id } }, f.label), f.input, message);
    }),
  );
  const cancel = el(
    'vscode-button',
    { id: 'cancel', attrs: { secondary: '', ...(running ? {} : { disabled: '' }) }, on: { click: () => actions.cancel() } },
    'Cancel',
  );
  const toggle = el(
    'vscode-button',
    {
      id: 'settings-toggle',
      attrs: { secondary: '', 'aria-expanded': String(open), 'aria-controls': 'control-form' },
      on: {
        click: () => {
          const nowOpen = grid.toggleAttribute('hidden') === false;
          toggle.setAttribute('aria-expanded', String(nowOpen));
          actions.toggle(nowOpen);
        },
      },
    },
    'Settings',
  );
  const exportButton = (id: string, label: string, onClick: () => void) =>
    el('vscode-button', { id, attrs: { secondary: '', ...(exportable ? {} : { disabled: '' }) }, on: { click: onClick } }, label);
  queueMicrotask(refresh);
  return el(
    'section',
    { class: 'controls', id: 'controls', attrs: { 'aria-label': 'Analysis settings' } },
    el(
      'div',
      { class: 'control-bar' },
      run,
      cancel,
      toggle,
      el('span', { class: 'changed-settings', id: 'changed-settings' }, changedSettings(settings)),
      el(
        'span',
        { class: 'exports' },
        exportButton('export-json', 'JSON', actions.exportJson),
        exportButton('export-csv', 'CSV', actions.exportCsv),
        exportButton('copy-md', 'Copy Markdown', actions.copyMarkdown),
      ),
    ),
    grid,
  );
}
