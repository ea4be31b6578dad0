import { escapeHtml } from '@motherbot/core';
import type { StatusReport } from '../monitoring/monitoring';
import { svgChart } from './svgChart';

const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(bytes >= 10 * 2 ** 20 ? 0 : 1)} MB`;
const ago = (iso: string | null, now: string): string => {
  if (!iso) return 'never';
  const s = Math.max(0, Math.round((Date.parse(now) - Date.parse(iso)) / 1000));
  return s < 120 ? `${s} s ago` : s < 7200 ? `${Math.round(s / 60)} min ago` : `${Math.round(s / 3600)} h ago`;
};
const badge = (status: string): string => {
  const tone = ['ok', 'ready', 'running', 'active', 'trial'].includes(status)
    ? 'good'
    : ['warn', 'warning', 'starting', 'pending', 'grace', 'info'].includes(status)
      ? 'meh'
      : ['stopped', 'none'].includes(status)
        ? 'off'
        : 'bad';
  return `<span class="b ${tone}">${escapeHtml(status)}</span>`;
};

const CSS = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f4f5f7;color:#1d2330}
header{background:#1d2330;color:#fff;padding:14px 24px;display:flex;gap:16px;align-items:center}
header h1{font-size:18px;margin:0;font-weight:600}header .at{margin-left:auto;opacity:.7;font-size:12px}
main{padding:16px 24px;display:grid;gap:16px;grid-template-columns:repeat(auto-fit,minmax(480px,1fr))}
section{background:#fff;border-radius:8px;padding:12px 16px;box-shadow:0 1px 2px rgba(0,0,0,.08)}
section.wide{grid-column:1/-1}h2{font-size:15px;margin:0 0 8px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eceef2;vertical-align:top}
th{font-weight:600;color:#5b6475;font-size:12px;text-transform:uppercase}td.n{text-align:right;font-variant-numeric:tabular-nums}
.b{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600}
.good{background:#dcf5e3;color:#17693a}.meh{background:#fff1d6;color:#8a5a00}.bad{background:#fde0e0;color:#a11d1d}.off{background:#e8eaee;color:#555}
code{font:12px ui-monospace,Menlo,Consolas,monospace;background:#f0f2f5;padding:0 4px;border-radius:3px}
.empty{color:#7a8394;font-style:italic}span.al{color:#5b6475;font-size:12px}
svg .ct{font:600 13px system-ui,sans-serif;fill:#1d2330}svg .al{font:11px system-ui,sans-serif;fill:#5b6475}
svg .ax{stroke:#9aa3b2}svg .grid{stroke:#eceef2}
`;

/**
 * The status page: one self-contained HTML document (inline CSS and SVG, no script, no CDN),
 * refreshed by the browser every 30 s (the browser re-sends its credentials; no token in a URL).
 */
export function renderStatusPage(report: StatusReport): string {
  const samples = report.samples;
  const first = samples[0];
  const last = samples.at(-1);
  const span = first && last ? Math.round((last.t - first.t) / 60_000) : 0;
  const xLabels: [string, string] = [span > 0 ? `${span} min ago` : '', 'now'];
  const memoryChart = svgChart(
    [
      { label: 'mother', color: '#3867d6', values: samples.map((s) => s.motherRss) },
      { label: 'clones', color: '#20bf6b', values: samples.map((s) => s.clonesMemory) },
    ],
    { title: 'Memory, last hour', format: mb, xLabels },
  );
  const updatesChart = svgChart([{ label: 'updates/min', color: '#fa8231', values: samples.map((s) => s.updates) }], {
    title: 'Updates handled by clones, per minute',
    format: (v) => v.toFixed(0),
    bars: true,
    xLabels,
  });
  const checks = report.checks
    .map((c) => `<tr><td>${escapeHtml(c.name)}</td><td>${badge(c.status)}</td><td>${escapeHtml(c.message)}</td></tr>`)
    .join('');
  const clones = report.clones.length
    ? `<table><tr><th>clone</th><th>bot</th><th>state</th><th>memory</th><th>last heartbeat</th><th>updates</th><th>errors</th><th>restarts</th><th>subscription</th></tr>${report.clones
        .map(
          (c) =>
            `<tr><td><code>${escapeHtml(c.id)}</code></td><td>@${escapeHtml(c.bot)}</td><td>${badge(c.status)}</td><td class="n">${mb(c.memoryBytes)}</td>` +
            `<td>${escapeHtml(ago(c.lastHeartbeatAt, report.at))}</td><td class="n">${c.updates}</td><td class="n">${c.errors}</td><td class="n">${c.restarts}</td>` +
            `<td>${badge(c.subscription)}${c.expiresAt ? ` <span class="al">until ${escapeHtml(c.expiresAt.slice(0, 16).replace('T', ' '))}</span>` : ''}</td></tr>`,
        )
        .join('')}</table>`
    : '<p class="empty">No clones yet.</p>';
  const alerts = report.alerts.length
    ? `<table><tr><th>severity</th><th>alert</th><th>since</th></tr>${report.alerts
        .map((a) => `<tr><td>${badge(a.severity)}</td><td><code>${escapeHtml(a._id)}</code><br>${escapeHtml(a.summary)}</td><td>${escapeHtml(ago(a.since, report.at))}</td></tr>`)
        .join('')}</table>`
    : '<p class="empty">Nothing is firing.</p>';
  const errors = report.errors.length
    ? `<table><tr><th>kind</th><th>place</th><th>count</th><th>last</th><th>context and message</th></tr>${report.errors
        .map(
          (e) =>
            `<tr><td><code>${escapeHtml(e.kind)}</code></td><td><code>${escapeHtml(e.place)}</code></td><td class="n">${e.count}</td><td>${escapeHtml(ago(e.lastAt, report.at))}</td>` +
            `<td>${escapeHtml([e.process, e.cloneId ? `clone ${e.cloneId}` : '', e.updateType ? `update ${e.updateType}` : ''].filter(Boolean).join(', '))}<br>${escapeHtml(e.lastMessage)}</td></tr>`,
        )
        .join('')}</table>`
    : '<p class="empty">No errors recorded.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta http-equiv="refresh" content="30;url=/status"><meta name="robots" content="noindex">
<title>Mother Bot status: ${escapeHtml(report.status)}</title><style>${CSS}</style></head>
<body><header><h1>Mother Bot status</h1>${badge(report.status)} ${report.ready ? badge('ready') : '<span class="b bad">not ready</span>'}
<span class="at">${escapeHtml(report.at)}</span></header>
<main>
<section id="charts-memory">${memoryChart}</section>
<section id="charts-updates">${updatesChart}</section>
<section id="checks"><h2>Health checks</h2><table>${checks}</table></section>
<section id="alerts"><h2>Alerts firing</h2>${alerts}</section>
<section id="clones" class="wide"><h2>Clones (${report.clones.length})</h2>${clones}</section>
<section id="errors" class="wide"><h2>Errors (latest kinds)</h2>${errors}</section>
</main></body></html>
`;
}
