'use strict';
/**
 * Turns a bench result (bench-results/bench-<date>.json) into a console summary, docs/benchmarks.md
 * and SVG plots (memory and latency against clone count; the crowd section's latency against
 * database size, see crowdReport.js). The hand-written analysis lives in
 * bench/notes.md and is copied into the generated page.
 *   node bench/lib/report.js bench-results/bench-<date>.json   (re-render without re-running)
 */
const fs = require('node:fs');
const path = require('node:path');
const { crowdRows, crowdSection, crowdChart } = require('./crowdReport');
const { webhookRows, webhookSection } = require('./webhookReport');

const fmt = (v, unit = '') => (v === null || v === undefined ? 'n/a' : `${v}${unit}`);
const verdict = (met) => (met === undefined ? 'n/a' : met ? '**met**' : '**missed**');

function rows(result) {
  const out = [];
  const { idle, coldStart, throughput, crowd, sandbox, broadcast, reconcile, scale } = result;
  if (idle) {
    out.push(['Idle memory per clone (RSS after settling)', `${fmt(idle.memory.cloneRssMB, ' MB')} vs ${fmt(idle.memory.bareBotUnderPm2RssMB, ' MB')}`, `ratio ${fmt(idle.memory.ratio)}`, `≤ ${idle.memory.goal}`, verdict(idle.memory.met), 'bare Telegraf + Mongoose bot under the same PM2, pmx off']);
    out.push(['Idle CPU per clone', `${fmt(idle.cpu.clonePercentOfCore, '%')} of a core over ${idle.cpu.windowSecs} s`, `bare bot ${fmt(idle.cpu.bareBotPercentOfCore, '%')}`, `≤ ${idle.cpu.goal}% (bare + 0.05)`, verdict(idle.cpu.met), 'bare bot, same window']);
    out.push(['PM2 daemon / mother / FerretDB RSS (idle, 1 clone)', `${fmt(idle.memory.pm2DaemonRssMB, ' MB')} / ${fmt(idle.memory.motherRssMB, ' MB')} / ${fmt(idle.memory.ferretdbRssMB, ' MB')}`, '', '', 'n/a', '']);
  }
  if (coldStart) {
    for (const r of coldStart.rows) {
      out.push([`Cold start, ${r.clones} at once (median / last)`, `${fmt(r.ours.medianMs, ' ms')} / ${fmt(r.ours.lastMs, ' ms')}`, `bare ${fmt(r.bare.medianMs, ' ms')} / ${fmt(r.bare.lastMs, ' ms')}; ratio ${fmt(r.medianRatio)} / ${fmt(r.lastRatio)}`, `≤ ${coldStart.goal}`, verdict(r.met), 'bare bot by child_process.spawn']);
    }
  }
  if (throughput) {
    for (const r of throughput.rows) {
      if (!r.ours) {
        out.push([`Throughput, ${r.handler}`, 'not measured', r.skipped || '', `≥ ${throughput.goal}`, 'n/a', '']);
        continue;
      }
      out.push([`Throughput, ${r.handler}`, `${fmt(r.ours.burst.updatesPerSec, ' upd/s')}`, `bare ${fmt(r.bare.burst.updatesPerSec, ' upd/s')}; ratio ${fmt(r.throughputRatio)}`, `≥ ${throughput.goal}`, verdict(r.met), 'bare bot under PM2, same sandbox']);
      if (r.ours.burst.botCpuMsPerUpdate != null) {
        const cost = (b) => `bot ${fmt(b.botCpuMsPerUpdate, ' ms')}, database ${fmt(b.dbCpuMsPerUpdate, ' ms')}`;
        out.push([`CPU per update in the burst, ${r.handler}`, cost(r.ours.burst), `bare ${cost(r.bare.burst)}`, 'reported', 'n/a', 'bot process and FerretDB, /proc']);
      }
      if (!r.ours.latency) continue;
      out.push([`Latency, ${r.handler} (p50 / p95 / p99 at ${r.ours.latency.rate}/s)`, `${fmt(r.ours.latency.p50Ms)} / ${fmt(r.ours.latency.p95Ms)} / ${fmt(r.ours.latency.p99Ms, ' ms')}`, `bare ${fmt(r.bare.latency.p50Ms)} / ${fmt(r.bare.latency.p95Ms)} / ${fmt(r.bare.latency.p99Ms, ' ms')}`, 'reported', 'n/a', 'bare bot']);
    }
  }
  if (crowd) out.push(...crowdRows(crowd));
  if (sandbox) out.push(['Sandbox alone, one raw poller', fmt(sandbox.rawPollerUpdatesPerSec, ' upd/s'), `Telegraf empty handler ${fmt(sandbox.telegrafEmptyHandlerUpdatesPerSec, ' upd/s')}`, `≥ ${sandbox.goal}`, verdict(sandbox.met), '']);
  if (broadcast) {
    for (const r of broadcast.runs) {
      const name = [r.faults ? `${r.injected429s} injected 429s` : 'no faults', r.kill ? `kill -9 at ${r.kill.atSecs} s (gap ${fmt(r.kill.gapSecs, ' s')})` : null].filter(Boolean).join(', ');
      const done = r.completed ? `all sent in ${fmt(r.elapsedSecs, ' s')}` : `first ${r.budgetSecs} s: ${r.sends} sends`;
      const pace = r.faults || r.kill ? `${fmt(r.ratePerSec, ' msg/s')} overall, ${fmt(r.rateExcludingPausesPerSec, ' msg/s')} without Telegram's pauses and the restart` : fmt(r.ratePerSec, ' msg/s');
      out.push([`Broadcast ${r.recipients} recipients, ${name}`, `${pace} (${done})`, `ratio ${fmt(r.rateRatio)} of ${broadcast.limit}/s overall; duplicates ${r.duplicates}, misses ${r.misses}, unknown ${r.counters.unknown}`, `≥ ${broadcast.goal}, 0, 0`, verdict(r.rateRatio >= broadcast.goal && r.duplicates === 0 && r.misses === 0), `configured ${broadcast.limit} msg/s`]);
    }
  }
  if (result.hosts) {
    for (const l of result.hosts.layouts) {
      out.push([`Hosts: ${l.hosts} × ${l.clones / l.hosts} clones (same machine)`, `ready ${fmt(l.readySecs, ' s')}; p50 / p95 / p99 ${fmt(l.latency.p50Ms)} / ${fmt(l.latency.p95Ms)} / ${fmt(l.latency.p99Ms, ' ms')} at ${l.latency.rate}/s`, `CPU ${fmt(l.cpuPercentOfOneCore, '%')} of a core; answered ${l.latency.answered}/${l.latency.sent}`, 'reported', 'n/a', 'one machine: the cost of coordination, not of a second machine']);
    }
  }
  if (result.indexing) {
    const x = result.indexing;
    out.push([`Channel /index of ${x.posts} posts (${x.files} files), pace lifted`, `${fmt(x.firstRead.postsPerSec, ' posts/s')} (${fmt(x.firstRead.seconds, ' s')})`, `re-read of indexed posts ${fmt(x.reRead.postsPerSec, ' posts/s')}`, 'reported', 'n/a', 'production pace 1 post/s (Telegram, one chat)']);
  }
  if (result.webhook) out.push(...webhookRows(result.webhook));
  if (reconcile) out.push([`Reconcile, ${reconcile.clones} clones, mother restarted`, `${fmt(reconcile.newMotherReadyMs, ' ms')} to ready (first pass ${fmt(reconcile.firstReconcilePassMs, ' ms')})`, `pids changed ${reconcile.pidChanged}, restarts ${reconcile.restartCountChanged}`, '0 restarts', verdict(reconcile.met), '']);
  if (scale) {
    const last = scale.steps.filter((s) => s.latency).slice(-1)[0];
    out.push(['Scale: most clones at 1 upd/s each with p99 < 1 s', `${scale.largestPassing}`, last ? `at ${last.clones}: p99 ${fmt(last.latency.p99Ms, ' ms')}, CPU ${fmt(last.cpu.machineBusyPercent, '%')}, clones ${fmt(last.memory.clonesTotalMB, ' MB')}` : '', `≥ ${scale.goal}`, verdict(scale.met), scale.giveOut ? `gives out: ${scale.giveOut}` : '']);
  }
  return out;
}

function table(headers, body) {
  const esc = (s) => String(s).replace(/\|/g, '\\|');
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...body.map((r) => `| ${r.map(esc).join(' | ')} |`)].join('\n');
}

/**
 * A small line chart: series of {name, points: [[x, y]], color?, dash?}. With `xLog` the x axis
 * is logarithmic, ticked at the x values of the points.
 */
function svgChart({ title, xLabel, yLabel, series, xLog = false }) {
  const W = 640;
  const H = 360;
  const m = { l: 64, r: 150, t: 36, b: 48 };
  const all = series.flatMap((s) => s.points).filter((p) => p[1] !== null && p[1] !== undefined);
  const xMax = Math.max(1, ...all.map((p) => p[0]));
  const yMax = Math.max(1, ...all.map((p) => p[1])) * 1.1;
  const xs = [...new Set(all.map((p) => p[0]))].sort((a, b) => a - b);
  const logMin = Math.log10(xs[0] || 1);
  const logSpan = Math.log10(xs[xs.length - 1] || 1) - logMin;
  const x = xLog
    ? (v) => m.l + (logSpan > 0 ? ((Math.log10(v) - logMin) / logSpan) * 0.9 + 0.05 : 0.5) * (W - m.l - m.r)
    : (v) => m.l + (v / xMax) * (W - m.l - m.r);
  const y = (v) => H - m.b - (v / yMax) * (H - m.t - m.b);
  const colors = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd'];
  const ticks = (max) => Array.from({ length: 5 }, (_, i) => (max * (i + 1)) / 5);
  const num = (v) => (v >= 100 ? Math.round(v) : Math.round(v * 10) / 10);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2 - m.r / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${title}</text>`,
    `<line x1="${m.l}" y1="${H - m.b}" x2="${W - m.r}" y2="${H - m.b}" stroke="black"/>`,
    `<line x1="${m.l}" y1="${m.t}" x2="${m.l}" y2="${H - m.b}" stroke="black"/>`,
    `<text x="${(m.l + W - m.r) / 2}" y="${H - 10}" text-anchor="middle">${xLabel}</text>`,
    `<text x="16" y="${(m.t + H - m.b) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(m.t + H - m.b) / 2})">${yLabel}</text>`,
  ];
  for (const t of ticks(yMax)) parts.push(`<line x1="${m.l}" y1="${y(t)}" x2="${W - m.r}" y2="${y(t)}" stroke="#ddd"/><text x="${m.l - 6}" y="${y(t) + 4}" text-anchor="end">${num(t)}</text>`);
  for (const t of xLog ? xs : ticks(xMax)) parts.push(`<text x="${x(t)}" y="${H - m.b + 16}" text-anchor="middle">${xLog ? t.toLocaleString('en-US') : num(t)}</text>`);
  series.forEach((s, i) => {
    const pts = s.points.filter((p) => p[1] !== null && p[1] !== undefined);
    const c = s.color || colors[i % colors.length];
    const dash = s.dash ? ` stroke-dasharray="${s.dash}"` : '';
    if (pts.length > 0) parts.push(`<polyline fill="none" stroke="${c}" stroke-width="2"${dash} points="${pts.map((p) => `${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ')}"/>`);
    for (const p of pts) parts.push(`<circle cx="${x(p[0]).toFixed(1)}" cy="${y(p[1]).toFixed(1)}" r="3" fill="${c}"/>`);
    parts.push(`<line x1="${W - m.r + 10}" y1="${m.t + i * 20 + 1}" x2="${W - m.r + 26}" y2="${m.t + i * 20 + 1}" stroke="${c}" stroke-width="2"${dash}/><text x="${W - m.r + 30}" y="${m.t + i * 20 + 5}">${s.name}</text>`);
  });
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}

/** The plots this result has data for (a partial run leaves the others' files as they were). */
function charts(result) {
  const out = {};
  if (result.crowd && result.crowd.sizes.length > 0) out['crowd-latency-vs-size.svg'] = crowdChart(result.crowd, svgChart);
  const steps = ((result.scale && result.scale.steps) || []).filter((s) => s.memory);
  if (steps.length === 0) return out;
  const memory = svgChart({
    title: 'Memory against clone count',
    xLabel: 'clones running (1 update/s each)',
    yLabel: 'RSS, MB',
    series: [
      { name: 'all clones ÷ 10', points: steps.map((s) => [s.clones, s.memory.clonesTotalMB / 10]) },
      { name: 'per clone (mean)', points: steps.map((s) => [s.clones, s.memory.perCloneMeanMB]) },
      { name: 'PM2 daemon', points: steps.map((s) => [s.clones, s.memory.pm2DaemonMB]) },
      { name: 'mother', points: steps.map((s) => [s.clones, s.memory.motherMB]) },
      { name: 'FerretDB', points: steps.map((s) => [s.clones, s.memory.ferretdbMB]) },
    ],
  });
  const latency = svgChart({
    title: 'Reply latency against clone count',
    xLabel: 'clones running (1 update/s each)',
    yLabel: 'ms, /start → reply',
    series: [
      { name: 'p50', points: steps.map((s) => [s.clones, s.latency.p50Ms]) },
      { name: 'p95', points: steps.map((s) => [s.clones, s.latency.p95Ms]) },
      { name: 'p99', points: steps.map((s) => [s.clones, s.latency.p99Ms]) },
    ],
  });
  return { ...out, 'memory-vs-clones.svg': memory, 'latency-vs-clones.svg': latency };
}

function scaleTable(result) {
  const steps = (result.scale && result.scale.steps) || [];
  return table(
    ['clones', 'ready after', 'p50 / p95 / p99 ms', 'missed', 'machine CPU', 'clones CPU (per clone)', 'FerretDB CPU', 'sandbox+bench CPU', 'clones RSS (per clone)', 'PM2 / mother / FerretDB MB', 'available MB'],
    steps.map((s) =>
      s.latency
        ? [s.clones, `${s.createAndReadySecs} s`, `${s.latency.p50Ms} / ${s.latency.p95Ms} / ${s.latency.p99Ms}`, `${s.load.missed} of ${s.load.sent}`, `${s.cpu.machineBusyPercent}%`, `${s.cpu.clonesPercentOfCore}% (${s.cpu.perClonePercentOfCore}%)`, `${s.cpu.ferretdbPercentOfCore}%`, `${s.cpu.benchAndSandboxPercentOfCore}%`, `${s.memory.clonesTotalMB} (${s.memory.perCloneMeanMB})`, `${s.memory.pm2DaemonMB} / ${s.memory.motherMB} / ${fmt(s.memory.ferretdbMB)}`, s.memory.machineAvailableMB]
        : [s.clones, `${s.createAndReadySecs} s`, `${s.notReady} not ready`, '', '', '', '', '', '', '', ''],
    ),
  );
}

function renderReport(result, { jsonFile } = {}) {
  const m = result.machine;
  const machineLine = `${m.os}; ${m.cpus} × ${m.cpuModel}; ${m.memoryGiB} GiB; Node ${m.node}; load average at start ${m.loadAverageAtStart.join(' / ')} (1/5/15 min)`;
  const headers = ['figure', 'ours', 'baseline / detail', 'goal', 'verdict', 'baseline measured in the same run'];
  const body = rows(result);
  const summary = [`Machine: ${machineLine}`, '', table(headers, body), '', Object.keys(result.errors || {}).length ? `Errors: ${Object.keys(result.errors).join(', ')}` : ''].join('\n');
  const write = (root) => {
    const dir = path.join(root, 'docs', 'benchmarks');
    fs.mkdirSync(dir, { recursive: true });
    const svgs = charts(result);
    for (const [name, svg] of Object.entries(svgs)) fs.writeFileSync(path.join(dir, name), svg);
    const notesFile = path.join(root, 'bench', 'notes.md');
    const notes = fs.existsSync(notesFile) ? fs.readFileSync(notesFile, 'utf8').trim() : '';
    const md = [
      '# Benchmarks',
      '',
      '<!-- Generated by `npm run bench` (bench/bench.js, bench/lib/report.js); the analysis comes from bench/notes.md. Do not edit by hand. -->',
      '',
      `Run of ${result.startedAt} (${result.kind}, commit ${result.git || 'unknown'}), raw figures in \`${jsonFile || 'bench-results/'}\` (not committed).`,
      '',
      result.rerun ? `Idle memory, idle CPU and throughput come from a second run of \`--only ${result.rerun.sections.join(',')}\` started ${result.rerun.startedAt} (load average ${result.rerun.loadAverageAtStart.join(' / ')}): ${result.rerun.why}.\n` : '',
      `**Machine:** ${machineLine}. Other work may have been running on the same cores during the run; the load average at the end was ${(result.loadAverageAtEnd || []).join(' / ')}.`,
      '',
      'Every ratio is against a baseline measured in the same run, on the same machine, against the same sandbox and database.',
      '',
      table(headers, body),
      '',
      '## Scale ramp',
      '',
      scaleTable(result),
      '',
      '![memory against clone count](benchmarks/memory-vs-clones.svg)',
      '',
      '![latency against clone count](benchmarks/latency-vs-clones.svg)',
      '',
      result.coldStart ? '## Cold start, every clone\n\n' + table(['clones', 'ours, ms (each)', 'bare spawn, ms (each)'], result.coldStart.rows.map((r) => [r.clones, r.ours.allMs.join(', '), r.bare.allMs.join(', ')])) + '\n' : '',
      result.broadcast ? `## Broadcast detail\n\n\`\`\`json\n${JSON.stringify(result.broadcast, null, 2)}\n\`\`\`\n` : '',
      result.reconcile ? `## Reconcile detail\n\n\`\`\`json\n${JSON.stringify(result.reconcile, null, 2)}\n\`\`\`\n` : '',
      result.crowd ? crowdSection(result.crowd, table) : '',
      result.webhook ? webhookSection(result.webhook, table) : '',
      result.throughput ? `## Throughput detail\n\n${result.throughput.method}. ${result.throughput.fileLinkNote}.\n` : '',
      Object.keys(result.errors || {}).length ? `## Errors in this run\n\n\`\`\`\n${Object.entries(result.errors).map(([k, v]) => `${k}: ${v}`).join('\n\n')}\n\`\`\`\n` : '',
      notes,
      '',
    ].join('\n');
    fs.writeFileSync(path.join(root, 'docs', 'benchmarks.md'), md.replace(/\n{3,}/g, '\n\n'));
  };
  return { summary, write };
}

module.exports = { renderReport, svgChart };

if (require.main === module) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: node bench/lib/report.js bench-results/bench-<date>.json');
    process.exit(2);
  }
  const result = JSON.parse(fs.readFileSync(file, 'utf8'));
  const report = renderReport(result, { jsonFile: path.relative(path.resolve(__dirname, '..', '..'), path.resolve(file)) });
  console.log(report.summary);
  report.write(path.resolve(__dirname, '..', '..'));
}
