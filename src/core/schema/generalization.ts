// The generalization check's report section.
import type { Spread } from './lipschitz';
import type { Activation } from '../settings';

export interface AccuracyAtWidth {
  /** first-layer width, trained on the train split */
  n: number;
  /** test accuracy over the scored draws (GeneralizationReport.scoreDraws) */
  accuracy: Spread;
}

export interface GeneralizationReport {
  /** fraction of each class held out for testing */
  testFraction: number;
  seed: string;
  train: number;
  test: number;
  activation: Activation;
  lambda: number;
  /** T behind n* on the train split: the user's, as behind the memorization study's n* */
  draws: number;
  /** the first this many of those draws are scored on the test split (the accuracies' draws) */
  scoreDraws: number;
  /** X⁻ / X⁺ of the binary problem (two classes only) */
  orientation?: { negative: string; positive: string };
  /** n* on the train split of the two-class network, or of the one-vs-rest network for more classes
   * (null: not reached within maxWidth) */
  requiredWidth: number | null;
  /** the memorizing network's test accuracy at n* and at larger widths; one-vs-rest predicts the class
   * whose subnetwork alone fires, and counts a point wrong when none or several do */
  widths: AccuracyAtWidth[];
  /** 1-nearest-neighbour (Euclidean, normalised data) test accuracy on the same split */
  nearestNeighbour: number;
  /** the data dimension beside n*, and Yu et al.'s reading of it in one sentence */
  yu: { d: number; requiredWidth: number | null; reading: string };
  /** multi-class: every class pair as its own binary problem (row class X⁻, column class X⁺),
   * test accuracy of the network at that pair's n*, and of 1-NN; null on the diagonal */
  pairwise?: { classes: string[]; accuracy: (number | null)[][]; requiredWidth: (number | null)[][]; nearestNeighbour: (number | null)[][] };
}
