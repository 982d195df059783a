// The held-out check on many points (SCIENCE.md §6): past the pair budget the multi-class study runs on a
// seeded stratified sample (memorize/problem.ts, pairSample), and the check runs on the same sample, its
// split restricted to the sample's points. Its n* scans the same kind of pairs on every draw (the train
// part's ordered point pairs of different classes), so on all of Fashion-MNIST's 48,000 training rows it
// cost minutes; on the sample's train part (about 0.64 of the budget's pairs) the figures stand on the
// points the multi-class study's own figures stand on.
import { PAIRS } from '../memorize/budget';
import { rowsByClass } from '../memorize/problem';
import { multiclassSample } from '../memorize/study';
import type { LabeledPoints } from '../points';
import type { Activation } from '../report';

/** The multi-class study's sample of the points (its point indices, ascending), or undefined where it runs on all of them. */
export function studySample(input: LabeledPoints, activation: Activation, seed: string, pairs = PAIRS): Int32Array | undefined {
  const C = input.classNames.length;
  // two classes are never sampled: the study's multi-class branch alone takes a sample
  return C <= 2 ? undefined : multiclassSample(input, rowsByClass(input.y, C), activation, seed, pairs)?.rows;
}

/** draws behind n* on the sample's train part, at most: each scans up to the pair budget's pairs (2·10⁸), and n*
 * here only places the widths the test accuracy is scored at */
export const SAMPLE_DRAWS = 20;
