// Dataset facts and the headline result.
import type { Report } from '../../src/core/report';
import { headlineWidth } from '../../src/protocol/headline';
import { el, fmt, footnote } from '../dom';
import type { RenderContext, Section } from './section';


const normalizationText: Record<string, string> = {
  'max-norm': 'divided by the largest norm',
  center: 'centred, then divided by the largest norm',
  standardize: 'standardised per feature, then divided by the largest norm',
  none: 'not normalised',
};

export const header: Section = {
  id: 'header',
  render(report: Report, _ctx: RenderContext) {
    const ds = report.dataset;
    const width = headlineWidth(report);
    // the headline network: two classes, or the shared one-vs-rest network
    const m = report.memorization ?? report.multiclass?.oneVsRest;
    const hasStage = m !== undefined;
    const headline = el('div', { class: 'headline' },
      el('span', { class: 'headline-label' }, 'Required width n*'),
      el('span', { id: 'required-width', class: 'headline-value', attrs: { 'data-value': width == null ? '' : String(width) } },
        hasStage ? fmt(width ?? null) : '…'),
      m?.K != null ? el('span', { class: 'headline-aux', title: 'K: second-layer neurons after the cover loop (pruned width) — SCIENCE.md §2' }, `K = ${fmt(m.K)}`) : null,
      m?.parameters != null ? el('span', { class: 'headline-aux', title: 'n(d + 1) + K(n + 1) + (K + 1) at the required width — SCIENCE.md §2' }, `${fmt(m.parameters)} parameters`) : null,
    );
    const reason = m?.requiredWidth === null && m.reason ? el('p', { class: 'warning' }, m.reason) : null;
    const classes = el('span', {}, ...ds.classes.flatMap((c, i) => [i ? ', ' : '', el('span', { class: 'class-name' }, c.name), ` (${fmt(c.count)})`]));
    const facts = el('dl', { class: 'facts' },
      ...fact('File', `${ds.file} (${ds.format})`),
      ...fact('Points N', fmt(ds.N)),
      ...fact('Dimension d', fmt(ds.d)),
      ...fact('Label column', ds.labelColumn),
      ...fact('Classes', classes),
      ...fact('Normalisation', `${ds.normalization}: ${normalizationText[ds.normalization] ?? ''}${ds.pixelScaled ? ' (pixels divided by 255 first)' : ''}; R = ${fmt(ds.R, 4)}`),
      ...(ds.sampling ? fact('Sampling', `${fmt(ds.sampling.keptRows)} of ${fmt(ds.sampling.totalRows)} rows kept by seeded stratified sampling (seed ${ds.sampling.seed})`) : []),
    );
    const notes = report.notes.length ? el('ul', { class: 'notes' }, ...report.notes.map((n) => el('li', {}, n))) : null;
    return el('section', { class: 'card header', id: 'section-header' },
      headline, reason, facts, notes,
      footnote('n*: the smallest width n with P(n) ≥ 1 − η, where P(n) is the fraction of seeded first-layer draws whose width-n prefix interpolates — SCIENCE.md §3. Points are normalised into the unit ball first — SCIENCE.md §1.'),
    );
  },
};

function fact(name: string, value: string | Node): HTMLElement[] {
  return [el('dt', {}, name), el('dd', {}, value)];
}
