// The one number the status bar, the panel's headline and the exports all lead with.
import type { Report } from '../core/report';
import { headlineNetwork } from './reportText';

/** Two-class required width, else the one-vs-rest one; undefined until that stage has run. */
export function headlineWidth(report: Report): number | null | undefined {
  return headlineNetwork(report)?.requiredWidth;
}

/** The headline is known: the data's sanity check, the separation δ and n* (null when no width reaches it). */
export function hasHeadline(report: Report): boolean {
  return report.sanity !== undefined && report.separation !== undefined && headlineWidth(report) !== undefined;
}
