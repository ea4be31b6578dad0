'use strict';
/**
 * The crowd section of docs/benchmarks.md (bench/lib/crowd.js's result): its lines in the main
 * table, its own tables (fill, every row against both baselines), the rows that failed, and a
 * plot of latency against the clone's database size, which must stay flat.
 */
const fmt = (v, unit = '') => (v === null || v === undefined ? 'n/a' : `${v}${unit}`);
const verdict = (met) => (met === undefined ? 'n/a' : met ? '**met**' : '**missed**');
/** "p50 / p95 / p99 ms" of a row; an unanswered share that decides a percentile shows as "> budget". */
function latencies(r) {
  const ps = [r.p50Ms, r.p95Ms, r.p99Ms];
  if (ps.every((v) => typeof v === 'number')) return `${ps.join(' / ')} ms`;
  return ps.map((v) => (typeof v === 'number' ? `${v} ms` : `> ${r.budgetSecs} s`)).join(' / ');
}

/** A row's throughput; one that answered nothing in its budget ran below one per budget. */
const rate = (r) => (r.answered === 0 && r.cutOff ? `< ${Math.round((1000 / r.budgetSecs)) / 1000} upd/s` : fmt(r.updatesPerSec, ' upd/s'));

function cell(e, mode) {
  if (!e) return '';
  if (e.skipped) return `skipped: ${e.skipped}`;
  const r = e[mode];
  if (!r) return 'not run';
  const answered = r.answered === r.sent ? `${r.sent} answered` : `**${r.answered} of ${r.sent} answered**`;
  const cut = r.cutOff ? ` (cut off at ${r.budgetSecs} s${r.projectedTotalSecs ? `, all ~${r.projectedTotalSecs} s` : ''})` : '';
  const idle = mode === 'burst' && e.idleMs !== undefined ? `; idle ${fmt(e.idleMs, ' ms')}` : '';
  return `${rate(r)}; ${latencies(r)}; ${answered}${r.wrong ? `, ${r.wrong} wrong` : ''}${cut}${idle}`;
}

/** ours/baseline, or "> x" when the baseline answered nothing in its budget. */
const ratioText = (ratios, name) => (ratios[`${name}AtLeast`] !== undefined ? `> ${ratios[`${name}AtLeast`]}` : fmt(ratios[name]));

/** Lines of the main results table. */
function crowdRows(crowd) {
  const out = [];
  const largest = crowd.sizes[crowd.sizes.length - 1];
  if (!largest) return out;
  const h = (key) => largest.handlers.find((x) => x.key === key);
  const n = largest.n.toLocaleString('en-US');
  const check = (key, kind) => crowd.goals.checks.find((g) => g.key === key && g.kind === kind) || {};
  for (const key of ['start', 'file']) {
    const e = h(key);
    if (!e || !e.ours || !e.ours.burst) continue;
    const bare = e.bare && e.bare.burst ? rate(e.bare.burst) : 'n/a';
    const peer = e.peer && e.peer.burst ? rate(e.peer.burst) : 'n/a';
    out.push([`Crowd, clone of ${n}: ${e.name}, burst of ${e.ours.burst.sent}`, rate(e.ours.burst), `bare ${bare} (ratio ${ratioText(e.ratios, 'burstOursToBare')}); peer ${peer} (ratio ${ratioText(e.ratios, 'burstOursToPeer')})`, `≥ ${crowd.goals.throughputRatio}× bare`, verdict(check(key, 'throughput').met), 'bare and peer bots, same data, same run']);
  }
  for (const key of ['start', 'file', 'batch']) {
    const e = h(key);
    if (!e || !e.ours || !e.ours.paced) continue;
    const r = e.ours.paced;
    const base = ['bare', 'peer'].filter((b) => e[b] && e[b].paced).map((b) => `${b} ${latencies(e[b].paced)}`).join('; ');
    out.push([`Crowd, clone of ${n}: ${e.name}, p50 / p95 / p99 at ${r.rate}/s`, latencies(r), base || 'ours only', `p99 < ${crowd.goals.p99Ms} ms`, verdict(check(key, 'p99').met), base ? 'bare and peer bots' : '']);
  }
  const s = h('search');
  if (s && s.ours && s.ours.paced) out.push([`Crowd, clone of ${n}: search, p50 / p95 / p99 at ${s.ours.paced.rate}/s`, latencies(s.ours.paced), `burst: ${fmt(s.ours.burst.updatesPerSec, ' upd/s')}`, `p95 < ${crowd.goals.searchP95Ms} ms`, verdict(check('search', 'p95').met), '']);
  out.push(['Crowd: every update of every row of ours answered (all sizes)', crowd.failedRows.length === 0 ? 'yes' : `${crowd.failedRows.length} rows failed`, crowd.failedRows.slice(0, 3).join('; '), 'no failed row', verdict(crowd.failedRows.length === 0), '']);
  return out;
}

/** The section of its own: fill, every row, failures, cut-offs of the baselines, the plot. */
function crowdSection(crowd, table) {
  const fill = (f) => (f ? `${(f.totalMs / 1000).toFixed(1)} s` : 'n/a');
  const parts = ['## Crowd: a link goes viral', '', crowd.method, '', `- Bare bot: ${crowd.baselines.bare}`, `- Peer bot: ${crowd.baselines.peer}`, ''];
  if (crowd.failedRows.length > 0) parts.push(`**FAILED ROWS (updates of ours left unanswered):**\n\n${crowd.failedRows.map((l) => `- ${l}`).join('\n')}\n`);
  parts.push(
    table(
      ['database size', 'clone fill (users / files / batches / deliveries / counters)', 'clone start → first answer', 'bare fill', 'peer fill', 'clone worker RSS after the size'],
      crowd.sizes.map((s) => [
        s.n.toLocaleString('en-US'),
        s.fill.ours ? `${fill(s.fill.ours)} (${['users', 'files', 'batches', 'deliveries', 'counters'].map((k) => `${(s.fill.ours.ms[k] / 1000).toFixed(1)}`).join(' / ')} s; ${s.fill.ours.counterDocuments} counter documents)` : `not filled: ${s.error}`,
        `${fmt(s.oursStartToAnswerMs, ' ms')}`,
        fill(s.fill.bare),
        fill(s.fill.peer),
        fmt(s.oursWorkerRssMB, ' MB'),
      ]),
    ),
    '',
  );
  const body = [];
  for (const s of crowd.sizes) {
    for (const e of s.handlers) {
      for (const mode of ['burst', 'paced']) {
        const ratio = `${ratioText(e.ratios, `${mode}OursToBare`)} / ${ratioText(e.ratios, `${mode}OursToPeer`)}`;
        body.push([s.n.toLocaleString('en-US'), e.name, mode, cell(e.ours, mode), cell(e.bare, mode), cell(e.peer, mode), ratio]);
      }
    }
  }
  parts.push('Each cell: throughput until the last reply; p50 / p95 / p99 from each send to its reply; answered of sent; "idle": one request to the idle bot just before.', '');
  parts.push(table(['size', 'handler', 'mode', 'ours', 'bare bot', 'peer bot', 'throughput ours/bare / ours/peer'], body), '');
  if (crowd.baselineCutOffs.length > 0) parts.push(`Baseline rows cut off or incomplete (their rates are what they answered within the budget):\n\n${crowd.baselineCutOffs.map((l) => `- ${l}`).join('\n')}\n`);
  parts.push('![latency against database size](benchmarks/crowd-latency-vs-size.svg)', '');
  return parts.join('\n');
}

/** p50 and p99 at the steady rate against the database size, one colour per handler (p99 dashed). */
function crowdChart(crowd, svgChart) {
  const colors = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd'];
  const series = [];
  const handlers = crowd.sizes.length ? crowd.sizes[0].handlers : [];
  handlers.forEach((h0, i) => {
    for (const [p, dash] of [['p50Ms', null], ['p99Ms', '5,4']]) {
      const points = crowd.sizes.map((s) => {
        const e = s.handlers.find((x) => x.key === h0.key);
        const r = e && e.ours && e.ours.paced;
        return [s.n, r ? r[p] : null];
      });
      series.push({ name: `${h0.key} ${p.slice(0, 3)}`, color: colors[i % colors.length], dash, points });
    }
  });
  const rate = handlers[0] && handlers[0].ours && handlers[0].ours.paced ? handlers[0].ours.paced.rate : '';
  return svgChart({ title: `Clone reply latency at ${rate} new users/s`, xLabel: 'users = files = deliveries in the clone (log scale)', yLabel: 'ms, send → reply', xLog: true, series });
}

module.exports = { crowdRows, crowdSection, crowdChart };
