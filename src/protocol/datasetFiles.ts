// Which file names are datasets: csv tsv json jsonl npy npz idx svm libsvm, IDX's "*-ubyte" names, and
// any of them gzipped. package.json's menu `when` clauses spell the same rule (a unit test compares them).
export const datasetFilePattern = /(\.(csv|tsv|json|jsonl|npy|npz|idx|svm|libsvm)|ubyte)(\.gz)?$/i;
