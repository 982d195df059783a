// Markdown as VS Code's preview and GitHub read it, for tests of the shipped documents.

/** The anchor a heading gets: VS Code's slugifier (GitHub's gives the same for our headings). */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-')
    .replace(/[\][!/'"#$%&()*+,./:;<=>?@\\^{|}~`。，、；：？！…—·ˉ¨‘’“”々～‖∶＂＇｀｜〃〔〕〈〉《》「」『』．〖〗【】（）［］｛｝]/g, '')
    .replace(/^-+/, '')
    .replace(/-+$/, '');
}

/** The headings (any level) of a Markdown text, outside code blocks. */
export function headings(markdown: string): string[] {
  let fenced = false;
  const out: string[] = [];
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    else if (!fenced && /^#{1,6} /.test(line)) out.push(line.replace(/^#+ /, ''));
  }
  return out;
}

/** Targets of the links and images of a Markdown text: [text](target) and ![alt](target). */
export function linkTargets(markdown: string): string[] {
  return [...markdown.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
}
