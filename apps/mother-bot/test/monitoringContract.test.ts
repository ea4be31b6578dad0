import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { PlatformHarness } from './harness';
import { parseExposition, parsePromQL, type Family, type ParsedQuery } from './prometheusText';

const DOCS = join(__dirname, '..', '..', '..', 'docs');
const RULES_FILE = join(DOCS, 'monitoring', 'alerts.yml');
const DASHBOARD_FILE = join(DOCS, 'monitoring', 'grafana-dashboard.json');

/** Labels Prometheus adds to every series of a target; `up` is the one series it writes itself. */
const TARGET_LABELS = ['job', 'instance'];
const WRITTEN_BY_PROMETHEUS = ['up'];
/** motherbot_ gauges that count things, so carry no unit; any other needs a unit suffix. */
const COUNT_GAUGES = ['motherbot_clones', 'motherbot_subscriptions', 'motherbot_broadcasts', 'motherbot_broadcast_recipients_pending', 'motherbot_error_kinds', 'motherbot_host_clones'];
const UNIT_SUFFIXES = ['_seconds', '_bytes', '_ratio', '_total', '_status'];

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface Panel {
  title?: string;
  type: string;
  targets?: Array<{ expr?: string; legendFormat?: string }>;
  panels?: Panel[];
}

/** Grafana's variables, replaced by what they stand for so the query is plain PromQL. */
const withoutGrafanaVariables = (expr: string): string =>
  expr.replace(/\$__(rate_interval|interval|range)/g, '5m').replace(/\$\{?job\}?/g, 'motherbot').replace(/\$\{?clone\}?/g, '.*');

/**
 * The alert rules and the Grafana dashboard in docs/monitoring/ against a real scrape: the mother
 * of a real platform (sandbox, PM2, FerretDB) with one live clone, after a watch pass. Every
 * expression must parse with Prometheus' own PromQL grammar, and read only metrics, labels and
 * label values that /metrics serves. The scrape itself must follow Prometheus' conventions.
 * (promtool is not needed here; docs/monitoring.md says how the rules file was checked with it.)
 */
describe('monitoring contract: alert rules and dashboard against /metrics', () => {
  const h = new PlatformHarness();
  let families: Map<string, Family>;
  /** Series name (with _bucket/_sum/_count) → its family, for the names a query may read. */
  const series = new Map<string, Family>();
  /** Every value each label takes anywhere in the scrape. */
  const labelValues = new Map<string, Set<string>>();

  beforeAll(async () => {
    await h.start({ HTTP_PORT: '0' });
    const owner = h.sandbox.createUser({ firstName: 'Olga' });
    const cloneBot = h.sandbox.createBot({ username: 'contract_files_bot' });
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(owner.id, h.motherBot.id, '/new');
    await h.sandbox.waitForBotMessage({ chatId: owner.id, botRef: h.motherBot.id, after, predicate: (m) => /token/i.test(String(m.text)) });
    await h.sandbox.sendText(owner.id, h.motherBot.id, cloneBot.token);
    await h.sandbox.waitForBotMessage({ chatId: owner.id, botRef: h.motherBot.id, after, timeoutMs: 30_000, predicate: (m) => /is live/.test(String(m.text)) });
    const before = h.sandbox.cursor();
    await h.sandbox.sendText(owner.id, cloneBot.id, '/start');
    await h.sandbox.waitForBotMessage({ chatId: owner.id, botRef: cloneBot.id, after: before });
    await h.until('heartbeat with the update', async () => ((await h.mother!.models.Heartbeat.findOne({}).lean())?.updates ?? 0) >= 1);
    await h.until('clone recorded running', async () => (await h.mother!.models.Clone.findOne({}).lean())?.status === 'running');
    await h.mother!.monitoring.loop.runOnce();
    const res = await fetch(`${h.mother!.statusUrl!}/metrics`);
    expect(res.status).toBe(200);
    const body = await res.text();
    families = parseExposition(body);
    if (process.env.PRINT_SCRAPE) console.log(`scrape: ${body.length} bytes, ${body.split('\n').filter((l) => l && !l.startsWith('#')).length} series, ${body.split('\n').filter((l) => l.startsWith('motherbot_')).length} motherbot_ series`);
    for (const f of families.values()) {
      for (const s of f.samples) {
        series.set(s.name, f);
        for (const [label, value] of Object.entries(s.labels)) {
          if (!labelValues.has(label)) labelValues.set(label, new Set());
          labelValues.get(label)!.add(value);
        }
      }
    }
  }, 90_000);
  afterAll(async () => {
    await h.close();
  }, 60_000);

  /** Everything wrong with one query, as readable lines (empty: fine). */
  const problems = (where: string, query: ParsedQuery, templates: string[] = []): string[] => {
    const out = query.errors.map((e) => `${where}: PromQL syntax error at ${e}`);
    const known = new Set(TARGET_LABELS);
    if (query.selectors.length === 0) out.push(`${where}: reads no metric`);
    for (const { metric, matchers } of query.selectors) {
      if (WRITTEN_BY_PROMETHEUS.includes(metric)) {
        if (!matchers.some((m) => m.label === 'job')) out.push(`${where}: ${metric} without a job matcher`);
        continue;
      }
      const family = series.get(metric);
      if (!family) {
        out.push(`${where}: ${metric || '(no name)'} is not in /metrics`);
        continue;
      }
      const labels = new Set(family.samples.filter((s) => s.name === metric).flatMap((s) => Object.keys(s.labels)));
      labels.forEach((l) => known.add(l));
      for (const { label, op, value } of matchers) {
        if (TARGET_LABELS.includes(label)) continue;
        if (!labels.has(label)) {
          out.push(`${where}: ${metric} has no label ${label}`);
          continue;
        }
        // Values named outright must be values this label takes (in this or another metric).
        const named = op === '=' || op === '!=' ? [value] : /^[\w:]+(\|[\w:]+)*$/.test(value) ? value.split('|') : [];
        for (const v of named) if (!labelValues.get(label)?.has(v)) out.push(`${where}: no series has ${label}="${v}"`);
      }
    }
    for (const l of query.groupingLabels) if (!known.has(l) && l !== 'le') out.push(`${where}: groups by ${l}, which none of its metrics has`);
    for (const t of templates) {
      for (const m of t.matchAll(/\$labels\.(\w+)|\{\{\s*(\w+)\s*\}\}/g)) {
        const label = m[1] ?? m[2]!;
        if (!known.has(label)) out.push(`${where}: its text uses the label ${label}, which none of its metrics has`);
      }
    }
    return out;
  };

  it('every alert rule is well formed and reads only metrics and labels /metrics serves', () => {
    const doc = parseYaml(readFileSync(RULES_FILE, 'utf8')) as { groups: Array<{ name: string; rules: Rule[] }> };
    const rules = doc.groups.flatMap((g) => g.rules.map((r) => ({ group: g.name, ...r })));
    expect(rules.length).toBeGreaterThanOrEqual(20);
    const found: string[] = [];
    const names = new Set<string>();
    for (const rule of rules) {
      const where = `${rule.group}/${rule.alert ?? rule.record}`;
      if (!rule.alert || !/^[A-Z][A-Za-z]+$/.test(rule.alert)) found.push(`${where}: alert name must be CamelCase`);
      if (names.has(rule.alert ?? '')) found.push(`${where}: duplicate alert name`);
      names.add(rule.alert ?? '');
      if (rule.for !== undefined && !/^(\d+[smhd])+$/.test(rule.for)) found.push(`${where}: bad for: ${rule.for}`);
      if (!['critical', 'warning', 'info'].includes(rule.labels?.severity ?? '')) found.push(`${where}: severity must be critical, warning or info`);
      if (!rule.annotations?.summary || !rule.annotations.description) found.push(`${where}: needs a summary and a description`);
      found.push(...problems(where, parsePromQL(rule.expr), Object.values(rule.annotations ?? {})));
    }
    expect(found).toEqual([]);
  });

  it('covers what operators need to be woken for', () => {
    const text = readFileSync(RULES_FILE, 'utf8');
    for (const alert of ['MotherDown', 'CloneDown', 'CloneCrashLooping', 'CloneErrorRate', 'MotherEventLoopLag', 'MotherMemoryHigh', 'CloneMemoryNearLimit', 'DatabaseUnreachable', 'BackupTooOld', 'DiskLow']) {
      expect(text).toContain(`alert: ${alert}\n`);
    }
  });

  it('every dashboard query and variable reads only metrics and labels /metrics serves', () => {
    const dashboard = JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as { panels: Panel[]; templating: { list: Array<{ name: string; query?: string | { query: string } }> } };
    const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');
    expect(panels.length).toBeGreaterThanOrEqual(20);
    const found: string[] = [];
    for (const panel of panels) {
      if (!panel.targets?.length) found.push(`panel "${panel.title}": no query`);
      for (const [i, target] of (panel.targets ?? []).entries()) {
        const where = `panel "${panel.title}" query ${i + 1}`;
        if (!target.expr) found.push(`${where}: empty`);
        else found.push(...problems(where, parsePromQL(withoutGrafanaVariables(target.expr)), target.legendFormat ? [target.legendFormat] : []));
      }
    }
    for (const variable of dashboard.templating.list) {
      const query = typeof variable.query === 'string' ? variable.query : variable.query?.query;
      const m = /^label_values\((.+), *(\w+)\)$/.exec(query ?? '');
      if (!m) continue;
      const where = `variable ${variable.name}`;
      found.push(...problems(where, parsePromQL(withoutGrafanaVariables(m[1]!)), [`{{${m[2]}}}`]));
    }
    expect(found).toEqual([]);
    // The stock Node.js names, so the panels (and community Node dashboards) find them.
    const text = JSON.stringify(dashboard);
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'nodejs_eventloop_lag_p99_seconds']) expect(text).toContain(name);
  });

  it('the scrape follows Prometheus conventions: counters end in _total, units in names, standard process metrics', () => {
    const found: string[] = [];
    for (const f of families.values()) {
      if (f.type === 'counter' && !f.name.endsWith('_total')) found.push(`counter ${f.name} does not end in _total`);
      // prom-client's own nodejs_active_*_total are gauges under their standard names; ours may not.
      if (f.name.startsWith('motherbot_') && f.type !== 'counter' && f.name.endsWith('_total')) found.push(`${f.type} ${f.name} ends in _total but is not a counter`);
      if (f.type === 'counter' && f.samples.some((s) => s.value < 0)) found.push(`counter ${f.name} is negative`);
      if (f.type === 'untyped') found.push(`${f.name} has no TYPE`);
      if (!f.help) found.push(`${f.name} has no HELP`);
      if (f.name.startsWith('motherbot_') && f.type === 'gauge' && !COUNT_GAUGES.includes(f.name) && !UNIT_SUFFIXES.some((u) => f.name.endsWith(u))) {
        found.push(`gauge ${f.name} names no unit (or add it to the count gauges)`);
      }
    }
    expect(found).toEqual([]);
    for (const name of ['process_cpu_seconds_total', 'process_resident_memory_bytes', 'process_start_time_seconds', 'nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes']) {
      expect(families.get(name)?.samples.length).toBeGreaterThan(0);
    }
    const names = [...families.keys()];
    expect(names.filter((n) => n.startsWith('motherbot_mother_'))).toEqual([]);
    // One event-loop lag: prom-client's nodejs_eventloop_lag_*.
    expect(names.filter((n) => /event_?loop/.test(n) && !n.startsWith('nodejs_eventloop_lag_'))).toEqual([]);
  });

  it('no value stands for a state: states are labels, one series at 1 per thing', () => {
    const found: string[] = [];
    for (const f of families.values()) {
      if (!f.name.startsWith('motherbot_')) continue;
      if (/\b\d+(\.\d+)?\s*(=\s*)?(ok|warn|fail|up|down|running|stopped)\b/i.test(f.help)) found.push(`${f.name}: its HELP maps numbers to states: ${f.help}`);
      const unitless = COUNT_GAUGES.includes(f.name) || f.name.endsWith('_status') || (f.type === 'counter' && !/_(seconds|bytes)_total$/.test(f.name));
      // A fraction in a metric that counts (or says yes/no) is a state in disguise (warn = 0.5).
      if (unitless) for (const s of f.samples) if (!Number.isInteger(s.value)) found.push(`${f.name}${JSON.stringify(s.labels)} = ${s.value}`);
      if (f.name.endsWith('_status')) {
        const stateLabel = f.name === 'motherbot_health_check_status' ? 'state' : 'status';
        const byThing = new Map<string, number>();
        for (const s of f.samples) {
          if (s.value !== 0 && s.value !== 1) found.push(`${f.name}${JSON.stringify(s.labels)} = ${s.value}, not 0 or 1`);
          if (!(stateLabel in s.labels)) found.push(`${f.name} has no ${stateLabel} label`);
          const thing = JSON.stringify(Object.entries(s.labels).filter(([k]) => k !== stateLabel));
          byThing.set(thing, (byThing.get(thing) ?? 0) + s.value);
        }
        for (const [thing, ones] of byThing) if (ones !== 1) found.push(`${f.name}${thing}: ${ones} states at 1`);
      }
    }
    expect(found).toEqual([]);
    const check = (name: string) => families.get('motherbot_health_check_status')!.samples.filter((s) => s.labels.check === name);
    expect(check('database').map((s) => s.labels.state).sort()).toEqual(['fail', 'ok', 'warn']);
    expect(check('eventLoop')).toHaveLength(3);
    expect(families.get('motherbot_clone_status')!.samples).toEqual([
      expect.objectContaining({ labels: expect.objectContaining({ bot: 'contract_files_bot', status: 'running' }), value: 1 }),
    ]);
  });

  it("counts the live clone's update and keeps it through a scrape", async () => {
    const updates = families.get('motherbot_clone_updates_total')!.samples;
    expect(updates).toHaveLength(1);
    expect(updates[0]!.value).toBeGreaterThanOrEqual(1);
    const again = parseExposition(await (await fetch(`${h.mother!.statusUrl!}/metrics`)).text());
    expect(again.get('motherbot_clone_updates_total')!.samples[0]!.value).toBeGreaterThanOrEqual(updates[0]!.value);
  });

  it('docs/monitoring.md lists every motherbot_ metric the mother serves', () => {
    const doc = readFileSync(join(DOCS, 'monitoring.md'), 'utf8');
    const missing = [...families.keys()].filter((n) => n.startsWith('motherbot_') && !doc.includes(`\`${n}`));
    expect(missing).toEqual([]);
  });
});
