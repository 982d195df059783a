// Why an analysis failed, as data that survives structured cloning (class identity does not): a code
// the host switches on, with what the core already knew (the file, row and column of a bad value, the
// columns a label could be, the classes to choose from). Messages are for people only; no caller reads them.
import { ClassChoiceError, DatasetError, LabelColumnError } from '../core/data/dataset';
import { CancelledError } from '../core/env';

export type Failure =
  /** bad input, located: `message` names the file and, when they exist, the row and column */
  | { code: 'dataset'; message: string; file: string; detail: string; row?: number; column?: string }
  /** the label column cannot be the one the rule chose: the user picks one of `candidates` (may be empty) */
  | { code: 'label-column'; message: string; file: string; detail: string; candidates: string[] }
  /** binary mode on data with more than two classes: the user picks two of `classes` */
  | { code: 'two-classes'; message: string; file: string; detail: string; classes: string[] }
  | { code: 'cancelled'; message: string }
  /** the analysis thread died (native crash, out of memory, terminated) */
  | { code: 'crashed'; message: string }
  /** a bug: `name` is the error's class (TypeError, RangeError, …) */
  | { code: 'internal'; message: string; name: string; stack?: string };

export type FailureCode = Failure['code'];

/** The one flattening of anything thrown into a Failure (worker, task threads, pool). */
export function toFailure(e: unknown): Failure {
  if (e instanceof LabelColumnError) return { code: 'label-column', message: e.message, file: e.file, detail: e.detail, candidates: e.candidates };
  if (e instanceof ClassChoiceError) return { code: 'two-classes', message: e.message, file: e.file, detail: e.detail, classes: e.classes };
  if (e instanceof DatasetError) {
    return {
      code: 'dataset',
      message: e.message,
      file: e.file,
      detail: e.detail,
      ...(e.row !== undefined ? { row: e.row } : {}),
      ...(e.column !== undefined ? { column: e.column } : {}),
    };
  }
  if (e instanceof CancelledError) return { code: 'cancelled', message: e.message };
  const err = e instanceof Error ? e : new Error(String(e));
  return { code: 'internal', message: err.message, name: err.name, ...(err.stack ? { stack: err.stack } : {}) };
}

/** The error a Failure was flattened from, rebuilt (a task thread's failure rethrown on the analysis thread). */
export function fromFailure(f: Failure): Error {
  switch (f.code) {
    case 'label-column':
      return new LabelColumnError(f.file, f.detail, f.candidates);
    case 'two-classes':
      return new ClassChoiceError(f.file, f.detail, f.classes);
    case 'dataset':
      return new DatasetError(f.file, f.detail, f.row, f.column);
    case 'cancelled':
      return new CancelledError();
    default: {
      const err = new Error(f.message);
      if (f.code === 'internal') {
        err.name = f.name;
        err.stack = f.stack ?? err.stack;
      }
      return err;
    }
  }
}
