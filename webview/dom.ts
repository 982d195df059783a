// DOM building without innerHTML: every string from a dataset (file names, labels, column names)
// becomes a text node, so nothing in a file can inject markup into the panel.
import { scienceSection, splitCitations, type CitationPart } from '../src/protocol/reportText';

type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string;
  id?: string;
  title?: string;
  attrs?: Record<string, string>;
  on?: Partial<Record<keyof HTMLElementEventMap, (e: Event) => void>>;
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...children: Child[]): HTMLElementTagNameMap[K];
export function el(tag: string, props?: Props, ...children: Child[]): HTMLElement;
export function el(tag: string, props: Props = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  if (props.class) node.className = props.class;
  if (props.id) node.id = props.id;
  if (props.title) node.title = props.title;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  for (const [event, handler] of Object.entries(props.on ?? {})) node.addEventListener(event, handler as EventListener);
  append(node, ...children);
  return node;
}

/** A table's header row; `{ num: heading }` heads a number column (right-aligned). */
export function thead(...headings: (string | { num: string })[]): HTMLElement {
  return el('thead', {}, el('tr', {}, ...headings.map((h) => (typeof h === 'string' ? el('th', {}, h) : el('th', { class: 'num' }, h.num)))));
}

export function append(parent: Node, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

/**
 * A figure's definition, as docs/SCIENCE.md words it, shown under the figure. Each "SCIENCE.md §n" it
 * cites becomes a link that asks the host to open that section (one listener in main.ts, since the
 * CSP allows no inline handlers).
 */
export function footnote(text: string): HTMLElement {
  return el('p', { class: 'footnote' }, ...splitCitations(text).map(citationNode));
}

function citationNode(part: CitationPart): Node | string {
  const section = part.section === undefined ? undefined : scienceSection(part.section);
  if (!section) return part.text;
  return el(
    'a',
    {
      class: 'science-link',
      title: `SCIENCE.md §${section.number} ${section.title}`,
      attrs: { href: `#${section.anchor}`, 'data-science-section': String(section.number) },
    },
    part.text,
  );
}

export function fmt(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || Number.isNaN(x)) return '—';
  if (Number.isInteger(x) || Math.abs(x) >= 1000) return Math.round(x).toLocaleString('en-US');
  return String(Number(x.toPrecision(digits)));
}
