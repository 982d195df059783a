// The sections of the shipped science document, docs/SCIENCE.md, that figures cite as
// "SCIENCE.md §n": the one list the panel's footnote links, the text and Markdown reports and the test
// that keeps it in step with the document's headings all read. A heading "## n. Title" has the anchor
// the Markdown preview and GitHub give it: lower case, spaces to hyphens, punctuation dropped.

/** The document's path inside the extension (and the repository). */
export const scienceDocument = ['docs', 'SCIENCE.md'] as const;

export interface ScienceSection {
  number: number;
  title: string;
  anchor: string;
}

export const scienceSections: readonly ScienceSection[] = [
  { number: 1, title: 'Data conventions', anchor: '1-data-conventions' },
  { number: 2, title: 'The memorization algorithm', anchor: '2-the-memorization-algorithm' },
  { number: 3, title: 'Required width', anchor: '3-required-width' },
  { number: 4, title: 'Cluster and radius decomposition', anchor: '4-cluster-and-radius-decomposition' },
  { number: 5, title: 'Lipschitz estimates', anchor: '5-lipschitz-estimates' },
  { number: 6, title: 'Generalization check', anchor: '6-generalization-check' },
  { number: 7, title: 'Randomness and reproducibility', anchor: '7-randomness-and-reproducibility' },
  { number: 8, title: 'Data findings', anchor: '8-data-findings' },
  { number: 9, title: 'Model-free data checks', anchor: '9-model-free-data-checks' },
  { number: 10, title: 'References', anchor: '10-references' },
];

export function scienceSection(number: number): ScienceSection | undefined {
  return scienceSections.find((s) => s.number === number);
}

/**
 * A citation as figures write it: "SCIENCE.md §3", "SCIENCE.md §2–3", "SCIENCE.md §1, §3". The
 * section tokens are "§n" or a range "§n–m"; a range links to its first section.
 */
export const citationPattern = /SCIENCE\.md §\d+(?:–\d+)?(?:, §\d+(?:–\d+)?)*/g;
const sectionToken = /§(\d+)(?:–(\d+))?/g;

/** A text split into plain runs and cited sections, in order, for a renderer that links citations. */
export type CitationPart = { text: string; section?: number };

export function splitCitations(text: string): CitationPart[] {
  const parts: CitationPart[] = [];
  let last = 0;
  for (const citation of text.matchAll(citationPattern)) {
    for (const token of citation[0].matchAll(sectionToken)) {
      const start = citation.index! + token.index!;
      if (start > last) parts.push({ text: text.slice(last, start) });
      parts.push({ text: token[0], section: Number(token[1]) });
      last = start + token[0].length;
    }
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}

/** Every section number a text cites, ranges expanded. */
export function citedSections(text: string): number[] {
  const cited: number[] = [];
  for (const citation of text.matchAll(citationPattern)) {
    for (const token of citation[0].matchAll(sectionToken)) {
      const from = Number(token[1]),
        to = token[2] === undefined ? from : Number(token[2]);
      for (let n = from; n <= to; n++) cited.push(n);
    }
  }
  return cited;
}
