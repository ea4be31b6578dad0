'use strict';
/**
 * The crowd section's verdict: ratios against both baselines per handler, the goals checked at
 * the largest size, and every row that left updates unanswered (ours: a failure; a baseline: a
 * cut-off, reported as such).
 */
const P = require('./proc');

const GOALS = { throughputRatio: 0.8, p99Ms: 1000, searchP95Ms: 500 };
const BOTS = ['ours', 'bare', 'peer'];
const MODES = ['burst', 'paced'];

/**
 * ours/baseline throughput. When the baseline answered nothing within its budget its rate is
 * below 1/budget, so the ratio is only known to be above ours × budget (`…AtLeast`).
 */
function ratios(entry) {
  const out = {};
  for (const mode of MODES) {
    const ours = entry.ours && entry.ours[mode];
    for (const base of ['bare', 'peer']) {
      const b = entry[base] && entry[base][mode];
      const name = `${mode}OursTo${base[0].toUpperCase()}${base.slice(1)}`;
      out[name] = ours && b && ours.updatesPerSec && b.updatesPerSec ? P.round(ours.updatesPerSec / b.updatesPerSec, 2) : null;
      if (ours && ours.updatesPerSec && b && b.answered === 0 && b.cutOff) out[`${name}AtLeast`] = P.round(ours.updatesPerSec * b.budgetSecs, 0);
    }
  }
  return out;
}

function goalChecks(cfg, largest) {
  const at = (key) => largest && largest.handlers.find((h) => h.key === key);
  const row = (key, mode) => {
    const h = at(key);
    return h && h.ours && h.ours[mode];
  };
  const name = (key) => (at(key) ? at(key).name : key);
  const checks = [];
  for (const key of ['start', 'file']) {
    const r = at(key) ? at(key).ratios.burstOursToBare : null;
    checks.push({ key, kind: 'throughput', goal: `${name(key)}: burst throughput ≥ ${GOALS.throughputRatio}× the bare bot`, value: r ?? null, met: typeof r === 'number' && r >= GOALS.throughputRatio });
  }
  for (const key of ['start', 'file', 'batch']) {
    const r = row(key, 'paced');
    checks.push({ key, kind: 'p99', goal: `${name(key)}: p99 < ${GOALS.p99Ms} ms at ${cfg.rate} new users/s`, value: r ? r.p99Ms : null, met: Boolean(r && r.p99Ms !== null && r.p99Ms < GOALS.p99Ms) });
  }
  const s = row('search', 'paced');
  checks.push({ key: 'search', kind: 'p95', goal: `search: p95 < ${GOALS.searchP95Ms} ms at ${cfg.rate}/s`, value: s ? s.p95Ms : null, met: Boolean(s && s.p95Ms !== null && s.p95Ms < GOALS.searchP95Ms) });
  return checks;
}

function incompleteRows(sizes) {
  const failedRows = [];
  const baselineCutOffs = [];
  for (const size of sizes) {
    if (size.error) failedRows.push(`${size.n}: the size did not complete: ${size.error}`);
    for (const h of size.handlers) {
      for (const bot of BOTS) {
        const e = h[bot];
        if (!e) continue;
        const into = bot === 'ours' ? failedRows : baselineCutOffs;
        if (e.skipped) {
          into.push(`${size.n}: ${h.name}, ${bot}: ${e.skipped}`);
          continue;
        }
        for (const mode of MODES) {
          const r = e[mode];
          if (!r || !r.failed) continue;
          const cut = r.cutOff ? ` in the ${r.budgetSecs} s budget${r.projectedTotalSecs ? ` (all would take ~${r.projectedTotalSecs} s)` : ''}` : '';
          into.push(`${size.n}: ${h.name}, ${bot}, ${mode}: ${r.answered} of ${r.sent} answered${cut}${r.wrong ? `, ${r.wrong} wrong replies (${r.reply})` : ''}`);
        }
      }
    }
  }
  return { failedRows, baselineCutOffs };
}

function summarize(cfg, sizes) {
  const largest = sizes[sizes.length - 1];
  const checks = goalChecks(cfg, largest);
  const { failedRows, baselineCutOffs } = incompleteRows(sizes);
  return {
    method: `For each size, one clone filled directly in its data shape (users, files, batches of 10, deliveries, counters, the migration record) and restarted through the mother; per handler a burst of ${cfg.burst} new users sent as fast as the sandbox takes them, and ${cfg.rate} new users/s for ${cfg.secs} s; every reply timed from its own send. "idle" is one request to the idle bot just before. File and batch links rotate over 20 codes spread over the whole collection, search over 4 words that each match a few dozen files. A batch counts as answered when all 10 documents arrived. Each row is bounded to ${cfg.budgetSecs} s: what was not answered by then counts as unanswered, the total is extrapolated from the rate ("cut off"), and the bot is restarted with its pending updates dropped. Every new user is recorded, so each size grows by the users of its rows (up to ${4 * (cfg.burst + cfg.rate * cfg.secs)} in the clone).`,
    baselines: {
      bare: 'bench/baseline/bareBot.js: Telegraf + Mongoose, /start reads the settings document, a file link reads the file by _id and sends it; records nothing. Same files (its shape), same PM2, sandbox and database.',
      peer: "bench/baseline/peerBot.js, the peer's way: findOne({id}) in users and an insert for a new user on every update, findOne({code}) for a link, sendDocument, then insertOne into a delivery log; indexes on id and code; Telegraf's default batch handling. Same users, files and deliveries (its shape).",
    },
    goals: { ...GOALS, atSize: largest ? largest.n : null, checks },
    sizes,
    failedRows,
    baselineCutOffs,
    met: failedRows.length === 0 && checks.every((g) => g.met),
  };
}

module.exports = { summarize, ratios, GOALS };
