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
  const primary = cssVar(style, '--vscode-charts-blue', foreground);
  return {
    foreground,
    muted: cssVar(style, '--vscode-descriptionForeground', foreground),
    grid: withAlpha(cssVar(style, '--vscode-charts-lines', foreground), highContrast ? 0.4 : 0.25),
    background: cssVar(style, '--vscode-editor-background', 'transparent'),
    primary,
    band: withAlpha(primary, highContrast ? 0.35 : 0.2),
    mark: cssVar(style, '--vscode-charts-red', foreground),
    secondary: cssVar(style, '--vscode-charts-orange', foreground),
    series: ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple', '--vscode-charts-yellow', '--vscode-charts-red']
      .map((v) => cssVar(style, v, foreground)),
    highContrast,
  };
}

export function onThemeChange(callback: () => void): void {
  new MutationObserver(callback).observe(document.body, { attributes: true, attributeFilter: ['class'] });
}
