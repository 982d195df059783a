// The summary at the top: the answer in plain sentences (core's headlineSentences, the same the text
// report leads with), the dataset's facts with the normalisation used and why, the findings count and
// links to every section.
import type { Report } from '../../src/core/report';
import { headlineWidth } from '../../src/protocol/headline';
import { headlineNetwork, headlineSentences, oneVsRestNote } from '../../src/protocol/reportText';
import { el, fmt, footnote } from '../dom';
import { findingCount } from './sanity';
import type { RenderContext, Section } from './section';

const normalizationText: Record<string, string> = {
  'max-norm': 'divided by the largest norm',
  center: 'centred, then divided by the largest norm',
  standardize: 'standardised per feature, then divided by the largest norm',
  none: 'not normalised',
};

/** Jump links to the sections on the page (rendered ones only), in page order. */
function sectionNav(): HTMLElement {
  const nav = el('nav', { id: 'section-nav', attrs: { 'aria-label': 'Sections' } });
  // filled after the page is built, from the cards actually there
  queueMicrotask(() => {
    for (const card of document.querySelectorAll<HTMLElement>('section.card[data-nav]')) {
      nav.append(
        el(
          'a',
          {
            attrs: { href: `#${card.id}` },
            on: {
              click: (e) => {
                e.preventDefault();
                card.scrollIntoView({ block: 'start' });
                card.focus({ preventScroll: true });
              },
            },
          },
          card.dataset.nav!,
        ),
      );
    }
  });
  return nav;
}

export const header: Section = {
  id: 'header',
  render(report: Report, ctx: RenderContext) {
    const ds = report.dataset;
    const width = headlineWidth(report);
    const net = headlineNetwork(report);
    const value = net ? fmt(width ?? null) : ctx.running ? '…' : '—';
    const headline = el(
      'div',
      { class: 'headline' },
      el(
        'span',
        { class: 'headline-label' },
        report.multiclass ? 'Required first-layer width n* (shared one-vs-rest network)' : 'Required first-layer width n*',
      ),
      el('span', { id: 'required-width', class: 'headline-value', attrs: { 'data-value': width == null ? '' : String(width) } }, value),
      net?.K != null
        ? el(
            'span',
            { class: 'headline-aux', title: 'K: second-layer neurons after the cover loop (pruned width), mean over the draws — SCIENCE.md §2' },
            `K = ${fmt(net.K)}`,
          )
        : null,
      net?.parameters != null
        ? el(
            'span',
            { class: 'headline-aux', title: 'n(d + 1) + K(n + 1) + (K + outputs) at the required width — SCIENCE.md §2' },
            `${fmt(net.parameters)} parameters`,
          )
        : null,
    );
    const sentences = headlineSentences(report);
    const answer = sentences.length ? el('div', { class: 'answer', id: 'answer' }, ...sentences.map((s) => el('p', {}, s))) : null;
    const multiclassNote = report.multiclass?.oneVsRest ? el('div', { id: 'multiclass-note' }, footnote(oneVsRestNote(ds.classes.length))) : null;
    const findings = findingCount(report);
    const classes = el('span', {}, ...ds.classes.flatMap((c, i) => [i ? ', ' : '', el('span', { class: 'class-name' }, c.name), ` (${fmt(c.count)})`]));
    const normalization = `${ds.normalization}: ${normalizationText[ds.normalization] ?? ''}${ds.pixelScaled ? ' (pixels divided by 255 first)' : ''}; R = ${fmt(ds.R, 4)}`;
    const facts = el(
      'dl',
      { class: 'facts' },
      ...fact('File', `${ds.file} (${ds.format})`),
      ...(ds.split ? fact('Split', ds.split) : []),
      ...fact('Points N × dimension d', `${fmt(ds.N)} × ${fmt(ds.d)}`),
      ...fact('Label column', ds.labelColumn),
      ...fact('Classes', classes),
      ...fact(
        'Normalisation',
        el('span', { id: 'normalization' }, normalization, ds.normalizationReason ? el('span', { class: 'reason' }, ` — ${ds.normalizationReason}`) : null),
      ),
      ...(ds.header ? fact('First row', ds.header) : []),
      ...(ds.images ? fact('Images', ds.images) : []),
      ...(ds.sampling
        ? fact('Sampling', `${fmt(ds.sampling.keptRows)} of ${fmt(ds.sampling.totalRows)} rows kept by seeded stratified sampling (seed ${ds.sampling.seed})`)
        : []),
      ...(report.sanity || report.separation
        ? fact(
            'Data findings',
            el(
              'a',
              {
                attrs: { href: '#section-sanity' },
                id: 'findings-count',
                on: {
                  click: (e) => {
                    e.preventDefault();
                    document.getElementById('section-sanity')?.scrollIntoView();
                  },
                },
              },
              `${fmt(findings)} finding${findings === 1 ? '' : 's'}`,
            ),
          )
        : []),
    );
    const notes = report.notes.length ? el('ul', { class: 'notes' }, ...report.notes.map((n) => el('li', {}, n))) : null;
    return el(
      'section',
      { class: 'card header', id: 'section-header' },
      headline,
      answer,
      multiclassNote,
      facts,
      notes,
      sectionNav(),
      footnote(
        'n*: the smallest width n with P(n) ≥ 1 − η, where P(n) is the fraction of seeded first-layer draws whose width-n prefix interpolates — SCIENCE.md §3. Points are normalised into the unit ball first — SCIENCE.md §1.',
      ),
    );
  },
};

function fact(name: string, value: string | Node): HTMLElement[] {
  return [el('dt', {}, name), el('dd', {}, value)];
}
