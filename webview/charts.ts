// chart.js with only the parts the panel uses (tree-shaken), styled from the theme palette. Charts are
// rebuilt on every render (a report arrives a handful of times per run), so no animation.
import {
  BarController, BarElement, CategoryScale, Chart, Filler, Legend, LinearScale, LineController, LineElement,
  LogarithmicScale, PointElement, Tooltip, type ChartConfiguration, type ChartDataset,
} from 'chart.js';
import { el } from './dom';
import type { Palette } from './theme';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, LogarithmicScale, CategoryScale, Filler, Legend, Tooltip);

export type XY = { x: number; y: number | null };

/** Every live chart, so a re-render can destroy them and the PNG export can find them by id. */
export class ChartRegistry {
  private readonly charts = new Map<string, Chart>();

  destroyAll(): void {
    for (const c of this.charts.values()) c.destroy();
    this.charts.clear();
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
    // chart.js measures the canvas's parent: build once the box is in the document
    queueMicrotask(() => {
      this.charts.get(id)?.destroy();
      this.charts.set(id, new Chart(canvas, config));
    });
    return box;
  }
}

export function axes(p: Palette, x: { title: string; type?: 'linear' | 'logarithmic'; min?: number; max?: number }, y: { title: string; min?: number; max?: number }) {
  const common = (title: string) => ({
    title: { display: true, text: title, color: p.foreground },
    ticks: { color: p.muted },
    grid: { color: p.grid },
    border: { color: p.grid },
  });
  return {
    x: { type: x.type ?? 'linear', min: x.min, max: x.max, ...common(x.title) },
    y: { type: 'linear', min: y.min, max: y.max, ...common(y.title) },
  } as const;
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
  return line(label, [{ x, y: y0 }, { x, y: y1 }], color, { borderDash: [6, 4] });
}
