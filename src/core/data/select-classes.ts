// Restrict a dataset to two named classes (the CLI's --classes A,B and the panel's class picker).
import { DatasetError, type Dataset } from './dataset';

export function selectClasses(ds: Dataset, names: [string, string]): Dataset {
  const wanted = names.map((name) => {
    const c = ds.classNames.indexOf(name);
    if (c < 0) {
      throw new DatasetError(ds.file, `there is no class "${name}"; the classes are ${ds.classNames.join(', ')}.`);
    }
    return c;
  });
  if (wanted[0] === wanted[1]) throw new DatasetError(ds.file, `choose two different classes, not "${names[0]}" twice.`);
  const keep: number[] = [];
  for (let i = 0; i < ds.N; i++) if (wanted.includes(ds.y[i])) keep.push(i);

  const classNames = [...wanted].sort((a, b) => a - b).map((c) => ds.classNames[c]);
  const X = new Float32Array(keep.length * ds.d);
  keep.forEach((i, r) => X.set(ds.X.subarray(i * ds.d, (i + 1) * ds.d), r * ds.d));
  return {
    ...ds,
    N: keep.length,
    X,
    y: Int32Array.from(keep, (i) => classNames.indexOf(ds.classNames[ds.y[i]])),
    classNames,
    sourceRows: Int32Array.from(keep, (i) => ds.sourceRows[i]),
  };
}
