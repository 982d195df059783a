// Which column holds the label: chosen by name or 0-based index, else the first column named
// label/class/target/y (case-insensitive, in that order of preference), else the last column.
import { LabelColumnError } from './dataset';

export const DEFAULT_LABEL_NAMES = ['label', 'class', 'target', 'y'];

/** `names` are the header's column names, or undefined when the file has no header. */
export function resolveLabelColumn(file: string, count: number, names: string[] | undefined, option: string | number | undefined): number {
  if (option === undefined) {
    if (names) {
      for (const wanted of DEFAULT_LABEL_NAMES) {
        const i = names.findIndex((n) => n.trim().toLowerCase() === wanted);
        if (i >= 0) return i;
      }
    }
    return count - 1;
  }
  if (typeof option === 'string' && names) {
    const exact = names.indexOf(option);
    if (exact >= 0) return exact;
    const loose = names.findIndex((n) => n.trim().toLowerCase() === option.trim().toLowerCase());
    if (loose >= 0) return loose;
  }
  const index = typeof option === 'number' ? option : /^\s*\d+\s*$/.test(option) ? Number(option) : NaN;
  if (Number.isInteger(index) && index >= 0 && index < count) return index;
  const choices = names ? `the columns are ${names.join(', ')}, or an index 0..${count - 1}` : `expected a column index 0..${count - 1}`;
  const candidates = names ?? Array.from({ length: count }, (_, i) => String(i));
  throw new LabelColumnError(file, `no label column ${JSON.stringify(option)}: ${choices}`, candidates);
}
