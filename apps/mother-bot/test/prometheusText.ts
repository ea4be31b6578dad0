import { parser } from '@prometheus-io/lezer-promql';

/** One sample line of the text exposition format. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** One metric family: its TYPE and HELP lines and its samples (with _bucket/_sum/_count). */
export interface Family {
  name: string;
  type: string;
  help: string;
  samples: Sample[];
}

const SUFFIXES: Record<string, readonly string[]> = {
  histogram: ['_bucket', '_sum', '_count'],
  summary: ['', '_sum', '_count'],
};

/**
 * Parses Prometheus' text exposition format (what /metrics serves) into families. Samples are
 * attached to the family they belong to by its type: a histogram `x` owns `x_bucket`, `x_sum`
 * and `x_count`, and nothing else does, so a name is never stripped of a suffix by guesswork.
 */
export function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const family = (name: string): Family => {
    const existing = families.get(name);
    if (existing) return existing;
    const created: Family = { name, type: 'untyped', help: '', samples: [] };
    families.set(name, created);
    return created;
  };
  const owner = new Map<string, Family>();
  for (const line of text.split('\n')) {
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const f = family(meta[2]!);
      if (meta[1] === 'HELP') f.help = meta[3] ?? '';
      else {
        f.type = meta[3] ?? 'untyped';
        for (const suffix of SUFFIXES[f.type] ?? ['']) owner.set(`${f.name}${suffix}`, f);
      }
      continue;
    }
    if (line.trim() === '' || line.startsWith('#')) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)(?: \d+)?$/.exec(line);
    if (!sample) throw new Error(`not an exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const m of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[m[1]!] = m[2]!.replace(/\\(.)/g, '$1');
    const name = sample[1]!;
    (owner.get(name) ?? family(name)).samples.push({ name, labels, value: Number(sample[3]) });
  }
  return families;
}

/** A vector selector in a PromQL expression: the metric name and its label matchers. */
export interface Selector {
  metric: string;
  matchers: Array<{ label: string; op: string; value: string }>;
}

/** What a PromQL expression reads, found by Prometheus' own PromQL grammar (lezer-promql). */
export interface ParsedQuery {
  /** Syntax errors, as the text around each error node. */
  errors: string[];
  selectors: Selector[];
  /** Labels named in `by`, `without`, `on`, `ignoring`, `group_left`, `group_right`. */
  groupingLabels: string[];
}

export function parsePromQL(expr: string): ParsedQuery {
  const tree = parser.parse(expr);
  const out: ParsedQuery = { errors: [], selectors: [], groupingLabels: [] };
  const text = (from: number, to: number): string => expr.slice(from, to);
  tree.iterate({
    enter: (ref) => {
      if (ref.type.isError) out.errors.push(`…${text(Math.max(0, ref.from - 15), ref.to + 15)}…`);
      if (ref.name === 'LabelName' && ref.node.parent?.name === 'GroupingLabels') out.groupingLabels.push(text(ref.from, ref.to));
      if (ref.name !== 'VectorSelector') return;
      const node = ref.node;
      const id = node.getChild('Identifier');
      const selector: Selector = { metric: id ? text(id.from, id.to) : '', matchers: [] };
      for (const m of node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) {
        const label = m.getChild('LabelName');
        const op = m.getChild('MatchOp');
        const value = m.getChild('StringLiteral');
        if (label && op && value) selector.matchers.push({ label: text(label.from, label.to), op: text(op.from, op.to), value: JSON.parse(text(value.from, value.to)) as string });
      }
      if (node.getChild('LabelMatchers')?.getChild('QuotedLabelMatcher')) out.errors.push(`quoted label name in ${text(node.from, node.to)}`);
      out.selectors.push(selector);
    },
  });
  return out;
}
