'use strict';
/**
 * The webhook section of docs/benchmarks.md (bench/lib/webhookBench.js's result): its lines in
 * the main table (webhooks against polling of the same run) and its own side-by-side table.
 */
const fmt = (v, unit = '') => (v === null || v === undefined ? 'n/a' : `${v}${unit}`);

const pick = (webhook, mode) => webhook.modes.find((m) => m.mode === mode) || { mode, error: 'not run' };

/** [figure, polling, webhooks] for each measured figure; a failed mode shows its error. */
function figures(webhook) {
  const p = pick(webhook, 'polling');
  const w = pick(webhook, 'webhook');
  const both = (f) => [p, w].map((m) => (m.error && !m.idle ? `failed: ${m.error}` : f(m)));
  const lat = (m) => (m.fileLink ? `${fmt(m.fileLink.latency.p50Ms)} / ${fmt(m.fileLink.latency.p95Ms)} / ${fmt(m.fileLink.latency.p99Ms, ' ms')}` : 'n/a');
  const steps = (m) => (m.scale ? m.scale.steps.map((s) => `${s.clones}: ${s.latency ? fmt(s.latency.p99Ms, ' ms') : 'not ready'}`).join(', ') : 'n/a');
  const idleN = (p.idle || w.idle || {}).clones;
  return [
    [`Idle RSS per clone (${fmt(idleN)} clones)`, ...both((m) => fmt(m.idle && m.idle.rssPerCloneMB, ' MB'))],
    ['Idle CPU per clone, worker', ...both((m) => fmt(m.idle && m.idle.cpuPerClonePercentOfCore, '% of a core'))],
    ['Idle CPU per clone, host (workers + mother + PM2 daemon)', ...both((m) => fmt(m.idle && m.idle.hostCpuPerClonePercentOfCore, '% of a core'))],
    ['Idle CPU of the mother / the sandbox and bench', ...both((m) => (m.idle ? `${fmt(m.idle.motherPercentOfCore, '%')} / ${fmt(m.idle.sandboxAndBenchPercentOfCore, '%')}` : 'n/a'))],
    ['File link burst', ...both((m) => (m.fileLink ? `${fmt(m.fileLink.burst.updatesPerSec, ' upd/s')} (${m.fileLink.burst.answered}/${m.fileLink.burst.updates} answered, ${m.fileLink.burst.replyKind}); worker ${fmt(m.fileLink.burst.botCpuMsPerUpdate, ' ms')} CPU per update` : 'n/a'))],
    [`File link latency p50 / p95 / p99`, ...both(lat)],
    ['Scale ramp: most clones with p99 < 1 s', ...both((m) => fmt(m.scale && m.scale.largestPassing))],
    ['Scale ramp: p99 per step', ...both(steps)],
    ['Webhook requests refused / retried (sandbox)', ...both((m) => (m.deliveries ? (m.mode === 'webhook' ? `${m.deliveries.webhook.refused} / ${m.deliveries.webhook.retried} of ${m.deliveries.webhook.delivered} delivered` : `overlapping polls ${m.deliveries.overlappingPolls}`) : 'n/a'))],
  ];
}

/** Lines of the main results table. */
function webhookRows(webhook) {
  return figures(webhook).map(([name, polling, hooks]) => [`Webhook mode: ${name}`, hooks, `polling ${polling}`, 'reported', 'n/a', 'same run, one after the other']);
}

/** The page's own section. */
function webhookSection(webhook, table) {
  const failed = webhook.failed && webhook.failed.length ? `\nFailed: ${webhook.failed.join('; ')}.\n` : '';
  return `## Webhook mode\n\n${webhook.method}.\n\n${table(['figure', 'polling', 'webhooks'], figures(webhook))}${failed}\n`;
}

module.exports = { webhookRows, webhookSection };
