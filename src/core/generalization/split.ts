// A seeded stratified train/test split (SCIENCE.md §6): each class is shuffled with its own stream and its
// first ⌈fraction × size⌉ points are held out (at least one point stays in training), so every class
// keeps its share on both sides and the split depends only on the seed, the labels and the fraction.
import { childSeed, createRng } from '../random';

export interface Split {
  /** point indices, ascending */
  train: Int32Array;
  test: Int32Array;
}

export function stratifiedSplit(y: Int32Array, classCount: number, testFraction: number, seed: string): Split {
  if (!(testFraction > 0 && testFraction < 1)) throw new RangeError(`the test fraction must be in (0, 1), got ${testFraction}`);
  const train: number[] = [],
    test: number[] = [];
  for (let c = 0; c < classCount; c++) {
    const members: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === c) members.push(i);
    const rng = createRng(childSeed(seed, 'split', c));
    for (let i = members.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [members[i], members[j]] = [members[j], members[i]];
    }
    const held = Math.min(members.length - 1, Math.ceil(testFraction * members.length));
    test.push(...members.slice(0, held));
    train.push(...members.slice(held));
  }
  const asc = (a: number[]) => Int32Array.from(a).sort();
  return { train: asc(train), test: asc(test) };
}

/** The split of all N points restricted to some of them (rows, any order): each side keeps the chosen points it holds. */
export function restrictedSplit(split: Split, rows: Int32Array, N: number): Split {
  const chosen = new Uint8Array(N);
  for (const i of rows) chosen[i] = 1;
  return { train: split.train.filter((i) => chosen[i] === 1), test: split.test.filter((i) => chosen[i] === 1) };
}
