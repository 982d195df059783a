// chart.js with only the parts the panel uses (tree-shaken), styled from the theme palette. Charts are
// rebuilt on every render (a report arrives a handful of times per run), so no animation.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type ChartDataset,
} from 'chart.js';
import { el } from './dom';
import type { Palette } from './theme';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, LogarithmicScale, CategoryScale, Filler, Legend, Tooltip);

export type XY = { x: number; y: number | null };

/** Every live chart, so a section rendered again can destroy its own and the PNG export can find them by id. */
export class ChartRegistry {
  private readonly charts = new Map<string, Chart>();

  /** ids created since the last call (each section's own charts: sectionCache.ts) */
  private created: string[] = [];

  destroy(ids: string[]): void {
    for (const id of ids) {
      this.charts.get(id)?.destroy();
      this.charts.delete(id);
    }
  }

  takeCreated(): string[] {
    return this.created.splice(0);
  }

  get(id: string): Chart | undefined {
    return this.charts.get(id);
  }

  get size(): number {
    return this.charts.size;
  }

  /** A canvas in a sized box (chart.js needs a positioned parent to be responsive) and its chart. */
  create(id: string, label: string, config: ChartConfiguration): HTMLElement {
    const canvas = el('canvas', { attrs: { role: 'img', 'aria-label': label }, id: `chart-${id}` });
    const box = el('div', { class: 'chart-box' }, canvas);
    this.created.push(id);
    // chart.js measures the canvas's parent: build once the box is in the document
    queueMicrotask(() => {
      this.charts.get(id)?.destroy();
      this.charts.set(id, new Chart(canvas, config));
    });
    return box;
  }
}

type AxisType = 'linear' | 'logarithmic' | 'category';

/** An axis: `ticksAt` puts the ticks exactly at those values (a log axis over a grid of widths). */
export interface AxisSpec {
  title: string;
  type?: AxisType;
  min?: number;
  max?: number;
  ticksAt?: number[];
}

export function axes(p: Palette, x: AxisSpec, y: AxisSpec) {
  const axis = (a: AxisSpec) => ({
    type: a.type ?? 'linear',
    min: a.min,
    max: a.max,
    title: { display: true, text: a.title, color: p.foreground },
    // chart.js labels every step 1…9 of a log axis; only the 1-2-5 ones are labelled so they do not collide
    ticks: a.ticksAt
      ? { color: p.muted, callback: (v: number | string) => Number(v).toLocaleString('en-US') }
      : a.type === 'logarithmic'
        ? { color: p.muted, callback: logTick, autoSkip: false }
        : { color: p.muted },
    ...(a.ticksAt
      ? {
          afterBuildTicks: (scale: { ticks: { value: number }[] }) => {
            scale.ticks = a.ticksAt!.map((value) => ({ value }));
          },
        }
      : {}),
    // grid lines only where a label is, or a log axis is striped with the unlabelled steps
    grid:
      a.type === 'logarithmic' && !a.ticksAt
        ? { color: (c: { tick?: { value: number } }) => (c.tick && logTick(c.tick.value) ? p.grid : 'transparent') }
        : { color: p.grid },
    border: { color: p.grid },
  });
  return { x: axis(x), y: axis(y) } as const;
}

/** A log axis's tick label: only 1, 2 and 5 times a power of ten are labelled. */
function logTick(value: number | string): string {
  const v = Number(value);
  if (!(v > 0)) return '';
  const lead = v / 10 ** Math.floor(Math.log10(v) + 1e-9);
  return [1, 2, 5].some((m) => Math.abs(lead - m) < 1e-6) ? Number(v.toPrecision(3)).toLocaleString('en-US') : '';
}

export function baseOptions(p: Palette) {
  return {
    animation: false,
    responsive: true,
    maintainAspectRatio: false,
    parsing: false,
    normalized: true,
    interaction: { mode: 'nearest', intersect: false, axis: 'x' },
    plugins: {
      legend: { labels: { color: p.foreground, boxWidth: 12 } },
      tooltip: { backgroundColor: p.background, titleColor: p.foreground, bodyColor: p.foreground, borderColor: p.grid, borderWidth: 1 },
    },
  } as const;
}

/** Theme-wide chart defaults: high contrast gets thicker data lines and fainter grid lines. */
export function applyTheme(p: Palette): void {
  Chart.defaults.color = p.foreground;
  Chart.defaults.borderColor = p.grid;
  Chart.defaults.elements.line.borderWidth = p.highContrast ? 3 : 2;
}

export function line(label: string, data: XY[], color: string, extra: Partial<ChartDataset<'line', XY[]>> = {}): ChartDataset<'line', XY[]> {
  return { label, data, borderColor: color, backgroundColor: color, pointRadius: 0, tension: 0, ...extra };
}

/** A vertical rule at x from y0 to y1, drawn as a two-point dashed line (no annotation plugin needed). */
export function verticalRule(label: string, x: number, y0: number, y1: number, color: string): ChartDataset<'line', XY[]> {
  return line(
    label,
    [
      { x, y: y0 },
      { x, y: y1 },
    ],
    color,
    { borderDash: [6, 4] },
  );
}
