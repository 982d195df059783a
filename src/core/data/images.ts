// Whether a dataset is treated as images (SCIENCE.md §1): pixels divided by 255 first, and the experimental
// convolutional card when d is a square. Only the format or the user decides; the values never do,
// since an integer table within 0..255 (ages, counts, sklearn's 0..16 digit levels) is not a picture.
import type { Dataset } from './dataset';

export interface ImageDecision {
  images: boolean;
  /** the decision and its reason, for the report's dataset facts */
  reason: string;
}

export function imageDecision(ds: Dataset, userSaysImages: boolean): ImageDecision {
  if (ds.pixel && ds.pixelReason) return { images: true, reason: ds.pixelReason };
  if (ds.pixel) {
    const what = ds.format === 'idx' ? 'the IDX format stores images' : `the ${ds.format} array is image-shaped (N, h, w[, c])`;
    return { images: true, reason: `images: ${what}` };
  }
  if (userSaysImages) return { images: true, reason: 'images: marked so by the user (datasetGeometry.images / --images)' };
  return {
    images: false,
    reason:
      `a table, not images: the ${ds.format} format does not say images (IDX and image-shaped arrays do; ` +
      'the datasetGeometry.images setting or --images marks other data)',
  };
}
