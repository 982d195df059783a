// The seam between the panel and its sections: one module per Report section, each turning its part
// of the report into DOM (or nothing, while that stage has not run yet).
import type { AnalysisSettings, Report } from '../../src/core/report';
import type { PanelToHost } from '../../src/protocol/webview';
import type { ChartRegistry } from '../charts';
import { el, type Props } from '../dom';
import type { Palette } from '../theme';

export interface RenderContext {
  palette: Palette;
  charts: ChartRegistry;
  post(message: PanelToHost): void;
  /** re-run the analysis with these settings (the remedies' buttons) */
  rerun(settings: AnalysisSettings): void;
  /** an analysis is under way: its results are partial */
  running: boolean;
  /** the dataset's file name without extension, safe in a file name: every export starts with it */
  fileStem: string;
}

export interface Section {
  id: string;
  render(report: Report, ctx: RenderContext): HTMLElement | null;
}

/** The chart's canvas on an opaque background of the theme's card colour: chart.js leaves the canvas
 * transparent, which outside VS Code shows the theme's light text on whatever the viewer puts behind. */
function opaquePng(canvas: HTMLCanvasElement, background: string): string {
  const out = document.createElement('canvas');
  out.width = canvas.width;
  out.height = canvas.height;
  const g = out.getContext('2d')!;
  g.fillStyle = background;
  g.fillRect(0, 0, out.width, out.height);
  g.drawImage(canvas, 0, 0);
  return out.toDataURL('image/png');
}

/** A titled card (listed in the section navigation); `pngChart` adds a button exporting that chart as PNG. */
export function card(id: string, title: string, ctx: RenderContext, pngChart?: string, ...body: (Node | null)[]): HTMLElement {
  const heading = el('h2', {}, title);
  const tools = pngChart
    ? el(
        'vscode-button',
        {
          attrs: { secondary: '', 'aria-label': `Save ${title} as PNG` },
          class: 'png',
          on: {
            click: () => {
              const chart = ctx.charts.get(pngChart);
              if (chart)
                ctx.post({ type: 'savePng', content: opaquePng(chart.canvas, ctx.palette.background), suggestedName: `${ctx.fileStem}.${pngChart}.png` });
            },
          },
        },
        'PNG',
      )
    : null;
  return el(
    'section',
    { class: 'card', id: `section-${id}`, attrs: { 'data-nav': title, tabindex: '-1' } },
    el('div', { class: 'card-head' }, heading, tools),
    ...body,
  );
}

/** Clickable source row: opens the dataset at that line (or says which record, for binary files). */
export function rowLink(row: number, ctx: RenderContext): HTMLElement {
  return el(
    'a',
    {
      class: 'row-link',
      attrs: { href: '#', 'data-row': String(row) },
      title: `Open the file at row ${row}`,
      on: {
        click: (e) => {
          e.preventDefault();
          e.stopPropagation();
          ctx.post({ type: 'openRow', row });
        },
      },
    },
    String(row),
  );
}

/** A table row that opens the source file at `row` on click or Enter (keyboard reachable). */
export function openRowProps(row: number, ctx: RenderContext, className: string): Props {
  const open = () => ctx.post({ type: 'openRow', row });
  return {
    class: `open-row ${className}`,
    title: `Open the file at row ${row}`,
    attrs: { tabindex: '0', 'data-row': String(row) },
    on: {
      click: open,
      keydown: (e) => {
        if ((e as KeyboardEvent).key === 'Enter') open();
      },
    },
  };
}

/**
 * Long tables: `first` rows in a visible body, `rest` in a hidden one (all in the DOM, so search and
 * tests see every row), and a button that shows or hides the rest. The button is null when nothing is
 * hidden.
 */
export function collapsibleBodies(
  first: HTMLElement[],
  rest: HTMLElement[],
  noun: string,
  buttonId: string,
): {
  bodies: HTMLElement[];
  toggle: HTMLElement | null;
} {
  const total = first.length + rest.length;
  const more = el('tbody', { class: 'more', attrs: { hidden: '' } }, ...rest);
  const toggle = rest.length
    ? el(
        'vscode-button',
        {
          attrs: { secondary: '' },
          id: buttonId,
          on: {
            click: () => {
              const hidden = more.toggleAttribute('hidden');
              toggle!.textContent = hidden ? `Show all ${total} ${noun}` : `Show the first ${first.length}`;
            },
          },
        },
        `Show all ${total} ${noun}`,
      )
    : null;
  return { bodies: [el('tbody', {}, ...first), more], toggle };
}
