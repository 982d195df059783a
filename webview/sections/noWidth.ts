// When no width up to the maximum interpolates: why (core's explainNoWidth, read off the report) and
// the remedies as buttons that re-run with one setting changed. Shown in place of the empty charts.
import { explainNoWidth } from '../../src/protocol/reportText';
import type { Report } from '../../src/core/report';
import { el } from '../dom';
import { card, type RenderContext, type Section } from './section';

export const noWidth: Section = {
  id: 'no-width',
  render(report: Report, ctx: RenderContext) {
    const why = explainNoWidth(report);
    if (!why) return null;
    const title = why.reached ? 'Why no width was found' : 'Why no width can exist';
    const remedies = why.remedies.map((r) =>
      el(
        'vscode-button',
        {
          class: 'remedy',
          attrs: { 'data-remedy': r.kind, ...(ctx.running ? { disabled: '' } : {}) },
          on: { click: () => ctx.rerun({ ...report.settings, ...r.change }) },
        },
        r.label,
      ),
    );
    return card(
      'no-width',
      title,
      ctx,
      undefined,
      el('ul', { class: 'causes', id: 'no-width-causes' }, ...why.causes.map((c) => el('li', { attrs: { 'data-cause': c.kind } }, c.sentence))),
      remedies.length ? el('div', { class: 'buttons', id: 'remedies' }, ...remedies) : null,
    );
  },
};
