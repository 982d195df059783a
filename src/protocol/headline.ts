// The one number the status bar, the panel's headline and the exports all lead with.
import type { Report } from '../core/report';
import { headlineNetwork } from './reportText';

/** Two-class required width, else the one-vs-rest one; undefined until that stage has run. */
export function headlineWidth(report: Report): number | null | undefined {
  return headlineNetwork(report)?.requiredWidth;
}
