'use strict';
/**
 * The crowd bench: a link goes viral. One real clone (created through the mother, its worker
 * under the platform's PM2) is filled directly with 1,000 / 10,000 / 100,000 users, files,
 * batches and deliveries in the clone's data shape (fillClone.js) and restarted through the
 * mother; two baselines hold the same data in their own shapes (fillBaselines.js): the bare bot
 * (records nothing) and the peer bot (records users and deliveries the way the usual file-store
 * bots do). For each size and handler (new-user /start, file link, batch link, search) it runs a
 * burst of fresh users and a steady rate (crowdRun.js); crowdSummary.js checks the goals.
 *
 * Every row is bounded in time; a row cut off leaves a backlog, so that bot is restarted with
 * its pending updates dropped before the next row (the next row starts from an empty queue).
 */
const P = require('./proc');
const { makeCatalog } = require('./catalog');
const { fillCloneV2 } = require('./fillClone');
const { fillBare, fillPeer } = require('./fillBaselines');
const { ChatWatcher, runRow, SPECS } = require('./crowdRun');
const { summarize, ratios, GOALS } = require('./crowdSummary');

const HANDLERS = [
  { key: 'start', name: 'new-user /start', spec: SPECS.text, bots: ['bare', 'ours', 'peer'] },
  { key: 'file', name: 'file link', spec: SPECS.document, bots: ['bare', 'ours', 'peer'] },
  { key: 'batch', name: 'batch link (10 files)', spec: SPECS.batch, bots: ['ours'] },
  { key: 'search', name: 'search', spec: SPECS.search, bots: ['ours'] },
];

/** Uploads `count` small documents to a bot from one user: file_ids that bot may send. */
async function uploadFiles(pf, botId, count) {
  const uploader = pf.newUser('crowd-uploader');
  const files = [];
  for (let k = 0; k < count; k++) {
    const msg = await pf.sb.sendFile(uploader.id, botId, { kind: 'document', fileName: `crowd-${k}.bin`, mimeType: 'application/octet-stream', content: Buffer.from(`crowd bench file ${k}\n`) });
    files.push({ fileId: msg.document.file_id, fileUniqueId: msg.document.file_unique_id });
  }
  return files;
}

/** The clone's database no longer answers: nothing after this can be measured. */
class DatabaseStuckError extends Error {}

/** Stops, starts and restarts the three bots: the clone through the mother, the baselines under PM2. */
function botControl(ctx, { clone, bots, dbNames, client }) {
  const { pf, M, sleep, cfg } = ctx;
  const started = new Set();
  const workerName = `clone-${clone.cloneId}`;
  const dropPending = (key) => new M.Telegram(bots[key].token, { apiRoot: pf.sb.apiRoot }).deleteWebhook({ drop_pending_updates: true });
  const workerOnline = async () => (await pf.workers()).some((p) => p.name === workerName && p.status === 'online');
  const control = {
    started,
    workerName,
    async stopOurs() {
      await pf.call('stopClone', { cloneId: clone.cloneId });
      const deadline = Date.now() + 120_000;
      while ((await workerOnline()) && Date.now() < deadline) await sleep(250);
      await dropPending('ours');
    },
    /** Ms from the start request to the clone's first answer. */
    async startOurs() {
      const t0 = performance.now();
      await pf.call('startClone', { cloneId: clone.cloneId });
      if ((await pf.probe(clone.bot.id, cfg.readyTimeoutMs)) === null) throw new Error(`the clone did not answer within ${cfg.readyTimeoutMs / 1000} s of its start`);
      return performance.now() - t0;
    },
    async stopBaseline(key) {
      if (started.has(key)) await pf.pm2.delete(`crowd-${key}`).catch(() => undefined);
      started.delete(key);
      await dropPending(key);
    },
    async startBaseline(key) {
      await ctx.startUnderPm2(`crowd-${key}`, key === 'bare' ? 'bareBot.js' : 'peerBot.js', bots[key], dbNames[key]);
      started.add(key);
    },
    async restart(key) {
      ctx.log(`crowd: restarting ${key} with its pending updates dropped`);
      if (!(await control.databaseAnswers(key))) {
        throw new DatabaseStuckError(`the ${key} bot's database (${dbNames[key]}) did not answer a findOne by _id within 10 s: the database server is stuck on it, so the rest of the section cannot run`);
      }
      if (key === 'ours') {
        await control.stopOurs();
        await control.startOurs();
      } else {
        await control.stopBaseline(key);
        await control.startBaseline(key);
      }
    },
    /** A bot that stops answering may be waiting on its database: one point read tells which. */
    async databaseAnswers(key) {
      const read = client.db(dbNames[key]).collection('settings').findOne({ _id: 'settings' }).then(() => true, () => true);
      let timer;
      const limit = new Promise((r) => (timer = setTimeout(() => r(false), 10_000)));
      return Promise.race([read, limit]).finally(() => clearTimeout(timer));
    },
    /** Whether the bot confirmed every update it took (the sandbox counts them pending until its next poll). */
    async queueEmpties(key) {
      const deadline = Date.now() + 10_000;
      while ((pf.sb.stats().updatesPending[bots[key].id] || 0) > 0) {
        if (Date.now() > deadline) return false;
        await sleep(100);
      }
      return true;
    },
  };
  return control;
}

/**
 * One handler on one bot: a check request, then the burst and the steady rate. Results go into
 * `out` as they come, so a failure part-way (a stuck database) still reports the rows before it.
 */
async function measureBot(ctx, env, h, key, textOf, n, out) {
  const { pf, log, cfg } = ctx;
  const { watcher, bots, control } = env;
  const botId = bots[key].id;
  // One request first: a handler that does not answer right is reported, not timed 2,000 times.
  // The first search also waits for the clone to build whatever its search needs.
  const check = await runRow({ sb: pf.sb, watcher, botId, users: [pf.newUser('crowd-check')], textOf, spec: h.spec, budgetMs: cfg.readyTimeoutMs });
  if (check.answered !== 1) {
    const skipped = `did not answer "${textOf(0)}" right (${check.reply || `no reply in ${cfg.readyTimeoutMs / 1000} s`})`;
    log(`crowd: ${n}: ${h.name}, ${key}: ${key === 'ours' ? '!!! ' : ''}SKIPPED, ${skipped}`);
    out.skipped = skipped;
    if (check.cutOff) await control.restart(key);
    return;
  }
  out.idleMs = check.p50Ms;
  for (const mode of ['burst', 'paced']) {
    const users = Array.from({ length: mode === 'burst' ? cfg.burst : cfg.rate * cfg.secs }, () => pf.newUser('crowd'));
    const row = await runRow({ sb: pf.sb, watcher, botId, users, textOf, spec: h.spec, rate: mode === 'paced' ? cfg.rate : undefined, budgetMs: cfg.budgetSecs * 1000 });
    out[mode] = row;
    const what = `${h.name}, ${key}, ${mode}: ${row.answered}/${row.sent} answered, ${row.updatesPerSec} upd/s, p50/p95/p99 ${row.p50Ms}/${row.p95Ms}/${row.p99Ms} ms`;
    const cut = row.cutOff ? ` (cut off after ${row.budgetSecs} s${row.projectedTotalSecs ? `, all would take ~${row.projectedTotalSecs} s` : ''})` : '';
    log(`crowd: ${n}: ${row.failed && key === 'ours' ? '!!! FAILED ROW: ' : ''}${what}${cut}${row.wrong ? `, ${row.wrong} wrong replies (${row.reply})` : ''}`);
    if (row.cutOff || !(await control.queueEmpties(key))) await control.restart(key);
  }
}

/** One database size: fill the three databases, (re)start the bots, measure every handler. */
async function measureSize(ctx, env, n, size) {
  const { log } = ctx;
  const { control, client, dbNames, uploads, ownerId } = env;
  const catalog = makeCatalog(n);
  log(`crowd: ${n}: filling the clone database (v2 shape)`);
  await control.stopOurs();
  size.fill.ours = await fillCloneV2(client.db(dbNames.ours), catalog, { files: uploads.ours, ownerId });
  log(`crowd: ${n}: clone filled in ${(size.fill.ours.totalMs / 1000).toFixed(1)} s (${JSON.stringify(size.fill.ours.ms)}); starting its worker`);
  size.oursStartToAnswerMs = P.round(await control.startOurs(), 0);
  log(`crowd: ${n}: the clone answered ${(size.oursStartToAnswerMs / 1000).toFixed(1)} s after its start; filling the baselines`);
  for (const key of ['bare', 'peer']) {
    await control.stopBaseline(key);
    size.fill[key] = await (key === 'bare' ? fillBare : fillPeer)(client.db(dbNames[key]), catalog, { files: uploads[key] });
    await control.startBaseline(key);
  }
  log(`crowd: ${n}: baselines filled in ${(size.fill.bare.totalMs / 1000).toFixed(1)} s (bare) and ${(size.fill.peer.totalMs / 1000).toFixed(1)} s (peer)`);
  const link = (codes) => (i) => `/start ${codes[i % codes.length]}`;
  const texts = {
    start: () => '/start',
    file: link(catalog.sampleCodes('file', 20)),
    batch: link(catalog.sampleCodes('batch', 20)),
    search: (i) => `/search ${catalog.searchWords[i % catalog.searchWords.length]}`,
  };
  for (const h of HANDLERS) {
    const entry = { key: h.key, name: h.name, ratios: {} };
    size.handlers.push(entry);
    try {
      for (const key of h.bots) await measureBot(ctx, env, h, key, texts[h.key], n, (entry[key] = {}));
    } finally {
      entry.ratios = ratios(entry);
    }
  }
}

/**
 * ctx: { pf, M, log, sleep, dbName, cfg: {sizes, burst, rate, secs, budgetSecs, readyTimeoutMs},
 * startUnderPm2(name, script, bot, dbName) }.
 */
async function benchCrowd(ctx) {
  const { pf, M, log, cfg } = ctx;
  const watcher = new ChatWatcher(pf.sb);
  const client = pf.conn.getClient();
  const dbNames = { bare: `${ctx.dbName}_crowd_bare`, peer: `${ctx.dbName}_crowd_peer` };
  let control;
  try {
    log('crowd: creating the clone and the two baseline bots');
    const [clone] = await pf.createClones(1, 'crowd');
    if ((await pf.probe(clone.bot.id, cfg.readyTimeoutMs)) === null) throw new Error('the crowd clone never answered');
    const { ownerId } = await pf.conn.collection('clones').findOne({ _id: clone.cloneId });
    dbNames.ours = M.core.cloneDatabaseName(ctx.dbName, clone.cloneId);
    const bots = { ours: clone.bot, bare: pf.newBot('crowdbare'), peer: pf.newBot('crowdpeer') };
    const uploads = {};
    for (const key of Object.keys(bots)) uploads[key] = await uploadFiles(pf, bots[key].id, 8);
    control = botControl(ctx, { clone, bots, dbNames, client });
    const env = { watcher, bots, control, client, dbNames, uploads, ownerId };
    const sizes = [];
    for (const n of cfg.sizes) {
      const size = { n, fill: {}, handlers: [] };
      sizes.push(size);
      try {
        await measureSize(ctx, env, n, size);
      } catch (error) {
        // Reported as a failure of the section; the next size starts from a fresh fill, unless
        // the database itself is stuck.
        size.error = String((error && error.message) || error);
        log(`crowd: ${n}: !!! THE SIZE DID NOT COMPLETE: ${size.error}`);
        if (error instanceof DatabaseStuckError) break;
      }
      const worker = (await pf.workers()).find((p) => p.name === control.workerName);
      size.oursWorkerRssMB = worker && worker.pid ? P.mb(P.rssBytes(worker.pid)) : null;
    }
    return summarize(cfg, sizes);
  } finally {
    // Bounded: a database that stopped answering must not hold up the rest of the bench.
    const bounded = (p) => {
      let timer;
      const limit = new Promise((r) => (timer = setTimeout(r, 60_000)));
      return Promise.race([Promise.resolve(p).catch(() => undefined), limit]).finally(() => clearTimeout(timer));
    };
    watcher.close();
    for (const key of control ? control.started : []) await bounded(pf.pm2.delete(`crowd-${key}`));
    await bounded(pf.call('deleteAll'));
    await pf.waitWorkersGone();
    for (const name of Object.values(dbNames)) await bounded(client.db(name).dropDatabase());
  }
}

module.exports = { benchCrowd, GOALS, HANDLERS };
