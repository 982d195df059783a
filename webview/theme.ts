// Colours come only from VS Code's theme variables. chart.js draws on a canvas and cannot read CSS
// variables itself, so they are read with getComputedStyle, and read again when the theme changes
// (VS Code swaps the body's vscode-light / vscode-dark / vscode-high-contrast class).
export interface Palette {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  /** the main series, its band, and the marks (required width, 1 − η) */
  primary: string;
  band: string;
  mark: string;
  secondary: string;
  series: string[];
  highContrast: boolean;
}

/** Graphics need 3:1 against the background (WCAG 1.4.11), text 4.5:1 (1.4.3). */
export const GRAPHIC_CONTRAST = 3;
export const TEXT_CONTRAST = 4.5;

/** [r, g, b, a] of any CSS colour, resolved by the browser (theme variables may be any syntax). */
export function rgba(color: string): [number, number, number, number] {
  const g = document.createElement('canvas').getContext('2d')!;
  g.fillStyle = '#000';
  g.fillStyle = color;
  const v = g.fillStyle; // #rrggbb, or rgba(r, g, b, a) when translucent
  if (v.startsWith('#')) return [1, 3, 5].map((i) => parseInt(v.slice(i, i + 2), 16)).concat(1) as [number, number, number, number];
  const [r, gr, b, a] = v
    .slice(v.indexOf('(') + 1, -1)
    .split(',')
    .map(Number);
  return [r, gr, b, a ?? 1];
}

/** WCAG contrast ratio of two opaque colours. */
export function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = rgba(c)
      .slice(0, 3)
      .map((v) => {
        const s = v / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** `color`, mixed step by step towards `toward` (the theme's foreground) until it has `ratio` against
 * `background`: a theme's chart orange can be too dark on a dark editor or too pale on a light one. */
export function readable(color: string, background: string, toward: string, ratio: number): string {
  const [r, g, b] = rgba(color),
    [tr, tg, tb] = rgba(toward);
  for (let t = 0; t <= 1.0001; t += 0.05) {
    const mixed = `rgb(${Math.round(r + (tr - r) * t)}, ${Math.round(g + (tg - g) * t)}, ${Math.round(b + (tb - b) * t)})`;
    if (contrast(mixed, background) >= ratio) return mixed;
  }
  return toward;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  return style.getPropertyValue(name).trim() || fallback;
}

/** `color` at the given opacity, for fills under a line (accepts #rgb, #rrggbb, #rrggbbaa, rgb()). */
export function withAlpha(color: string, alpha: number): string {
  const hex = /^#([0-9a-f]{3,8})$/i.exec(color)?.[1];
  if (hex) {
    const full = hex.length <= 4 ? [...hex].map((c) => c + c).join('') : hex;
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = /^rgba?\(([^)]+)\)$/i.exec(color)?.[1];
  if (rgb) {
    const [r, g, b] = rgb.split(',').map((s) => s.trim());
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  return color;
}

export function readPalette(): Palette {
  const style = getComputedStyle(document.body);
  const highContrast = document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  const foreground = cssVar(style, '--vscode-foreground', '#cccccc');
  // charts sit on the cards' background; every line and mark keeps 3:1 against it, text 4.5:1
  const background = cssVar(style, '--vscode-sideBar-background', cssVar(style, '--vscode-editor-background', '#ffffff'));
  const graphic = (name: string) => readable(cssVar(style, name, foreground), background, foreground, GRAPHIC_CONTRAST);
  const primary = graphic('--vscode-charts-blue');
  return {
    foreground: readable(foreground, background, foreground, TEXT_CONTRAST),
    muted: readable(cssVar(style, '--vscode-descriptionForeground', foreground), background, foreground, TEXT_CONTRAST),
    grid: withAlpha(cssVar(style, '--vscode-charts-lines', foreground), highContrast ? 0.4 : 0.25),
    background,
    primary,
    band: withAlpha(primary, highContrast ? 0.35 : 0.2),
    mark: graphic('--vscode-charts-red'),
    secondary: graphic('--vscode-charts-orange'),
    series: [
      '--vscode-charts-blue',
      '--vscode-charts-orange',
      '--vscode-charts-green',
      '--vscode-charts-purple',
      '--vscode-charts-yellow',
      '--vscode-charts-red',
    ].map(graphic),
    highContrast,
  };
}

export function onThemeChange(callback: () => void): void {
  new MutationObserver(callback).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
