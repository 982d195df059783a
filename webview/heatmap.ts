// A class × class matrix as a table whose cells are tinted by value (row class first, column class
// second); the diagonal is left empty. Shared by the pairwise widths and the pairwise test accuracies.
import { el } from './dom';

export interface HeatMapSpec {
  id: string;
  classes: string[];
  values: (number | null)[][];
  /** the corner cell: what rows and columns are */
  corner: string;
  cornerTitle: string;
  /** the cell's text (null: no value) */
  text(value: number | null, i: number, j: number): (Node | string)[] | string;
  cellTitle(i: number, j: number): string;
  /** colour strength in [0, 1] of a value, given the smallest and largest off-diagonal values */
  strength(value: number, lo: number, hi: number): number;
}

/** The chart colour at an opacity growing with the strength, at most 45 % so the cell's text keeps
 * 4.5:1 in every theme (an axe-core scan checks it). */
function tint(t: number): string {
  return `color-mix(in srgb, var(--vscode-charts-blue) ${Math.round(8 + 37 * Math.min(1, Math.max(0, t)))}%, transparent)`;
}

export function heatMap(spec: HeatMapSpec): HTMLElement {
  const { classes, values } = spec;
  const offDiagonal = values.flatMap((row, i) => row.filter((v, j): v is number => i !== j && v !== null));
  const lo = Math.min(...offDiagonal),
    hi = Math.max(...offDiagonal);
  return el(
    'table',
    { class: 'heatmap', id: spec.id },
    el('thead', {}, el('tr', {}, el('th', { title: spec.cornerTitle }, spec.corner), ...classes.map((c) => el('th', { class: 'class-name' }, c)))),
    el(
      'tbody',
      {},
      ...classes.map((rowClass, i) =>
        el(
          'tr',
          {},
          el('th', { class: 'class-name' }, rowClass),
          ...classes.map((_, j) => {
            if (i === j) return el('td', { class: 'num diagonal' });
            const v = values[i]?.[j] ?? null;
            const text = spec.text(v, i, j);
            const cell = el('td', { class: 'num', title: spec.cellTitle(i, j) }, ...(typeof text === 'string' ? [text] : text));
            if (v !== null) cell.style.background = tint(spec.strength(v, lo, hi)); // CSSOM, allowed by the CSP (no inline style attribute)
            return cell;
          }),
        ),
      ),
    ),
  );
}
