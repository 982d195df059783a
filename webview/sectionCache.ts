// A partial report re-renders only the sections whose part of it changed: a stage that finishes adds
// its own field to the report, and the charts of every other section (built by chart.js, the slow
// part of a render) stay as they are, at the same place in the page.
//
// Which part a section reads is recorded, not declared: each section renders from a Proxy of the
// report that notes every top-level field it touches, and the section is rendered again only when
// one of those fields (compared as JSON), or anything else it was given (`extra`: theme, running, its
// approximation notes), differs from the last time.
import type { Report } from '../src/core/report';
import type { ChartRegistry } from './charts';

interface Entry {
  /** the report's top-level fields the render read */
  reads: string[];
  values: string;
  extra: string;
  node: Node | null;
  /** the charts the render created: destroyed when the section is rendered again */
  charts: string[];
}

export class SectionCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly charts: ChartRegistry) {}

  /** The section's node for this report, from the last render when nothing it read has changed. */
  render(id: string, report: Report, extra: string, build: (report: Report) => Node | null): Node | null {
    const before = this.entries.get(id);
    if (before && before.extra === extra && before.values === snapshot(report, before.reads)) return before.node;
    if (before) this.charts.destroy(before.charts);
    const reads = new Set<string>();
    const tracked = new Proxy(report, {
      get: (target, key, receiver) => {
        if (typeof key === 'string') reads.add(key);
        return Reflect.get(target, key, receiver) as unknown;
      },
      has: (target, key) => {
        if (typeof key === 'string') reads.add(key);
        return Reflect.has(target, key);
      },
      // a section that lists or spreads the report depends on all of it
      ownKeys: (target) => {
        for (const key of Object.keys(target)) reads.add(key);
        reads.add('*');
        return Reflect.ownKeys(target);
      },
    });
    this.charts.takeCreated();
    const node = build(tracked);
    const list = [...reads].sort();
    this.entries.set(id, { reads: list, values: snapshot(report, list), extra, node, charts: this.charts.takeCreated() });
    return node;
  }

  /** Forget every section (their charts are destroyed): the next render builds all of them. */
  clear(): void {
    for (const entry of this.entries.values()) this.charts.destroy(entry.charts);
    this.entries.clear();
  }
}

function snapshot(report: Report, reads: string[]): string {
  // '*': the section read the list of fields itself, so a new field changes it too
  const keys = reads.includes('*') ? [...new Set([...reads.filter((k) => k !== '*'), ...Object.keys(report)])].sort() : reads;
  return JSON.stringify(keys.map((k) => [k, (report as unknown as Record<string, unknown>)[k]]));
}

/** Makes `parent`'s children exactly `nodes`, moving none that is already in place (a moved canvas loses its chart's size). */
export function reconcile(parent: Element, nodes: Node[]): void {
  const keep = new Set(nodes);
  let cursor = parent.firstChild;
  for (const node of nodes) {
    while (cursor && cursor !== node && !keep.has(cursor)) {
      const next = cursor.nextSibling;
      parent.removeChild(cursor);
      cursor = next;
    }
    if (cursor === node) cursor = cursor.nextSibling;
    else parent.insertBefore(node, cursor);
  }
  while (cursor) {
    const next = cursor.nextSibling;
    parent.removeChild(cursor);
    cursor = next;
  }
}
