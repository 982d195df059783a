// The labeled points every stage after normalisation receives (SCIENCE.md §1): one shape for all of them.
export interface LabeledPoints {
  /** row-major N × d, already normalised */
  X: Float32Array;
  N: number;
  d: number;
  /** class index of each point into classNames */
  y: Int32Array;
  classNames: string[];
  /** where each point comes from in the source file (see Dataset.sourceRows); the index when absent */
  sourceRows?: Int32Array;
}
