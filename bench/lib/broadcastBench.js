'use strict';
/**
 * The broadcast section of `npm run bench`: one bot's broadcast run by an engine in its own
 * process (bench/lib/broadcastChild.js), as a clone worker runs it, against the sandbox with its
 * flood limits on (30/s per bot, 1/s per chat). Each run may inject bursts of 429s and kill -9
 * the process mid-run, then start a new one that takes over, as PM2 restarts a worker.
 *
 * The truth is the sandbox: every user's count of messages from the bot. A duplicate is a second
 * copy; a miss is a recipient the broadcast covered (all of them when it completed; when a run is
 * cut off at its time budget, every position the cursor had passed that is not waiting for a
 * retry) who got nothing. The rate is taken from the sends the processes report.
 */
const path = require('node:path');
const { fork } = require('node:child_process');
const { randomBytes } = require('node:crypto');

const CHILD = path.join(__dirname, 'broadcastChild.js');
const round = (x, digits = 2) => (x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(digits)));

/** Starts an engine process; resolves when it is ready. */
function startChild(ctx, cfg, onMessage) {
  const child = ctx.track(fork(CHILD, [], { env: { ...process.env, BENCH_BROADCAST: JSON.stringify(cfg) }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  child.on('message', onMessage);
  return new Promise((resolve, reject) => {
    const onReady = (msg) => {
      if (msg.type !== 'ready') return;
      child.off('message', onReady);
      resolve(child);
    };
    child.on('message', onReady);
    child.once('exit', (code) => reject(new Error(`broadcast process exited with ${code} before it was ready`)));
  });
}

/** Stops an engine process gracefully (or kills it after 20 s). */
async function stopChild(child, sleep) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.send({ type: 'stop' });
  await Promise.race([exited, sleep(20_000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Chat ids at every position, from the broadcast's chunks (point reads). */
async function recipientsOf(models, id, chunkLengths) {
  const out = [];
  for (let n = 0; n < chunkLengths.length; n += 1) {
    const chunk = await models.Chunk.findById(`${id}:${n}`).lean();
    out.push(...chunk.chatIds);
  }
  return out;
}

/**
 * One broadcast to `n` fresh recipients: `faults` bursts of three 429s spread over the run, a
 * kill -9 at 40% when `kill`, cut off after `budgetSecs` (then cancelled; the figures cover what
 * was sent).
 */
async function broadcastRun(ctx, { n, faults, kill, budgetSecs }) {
  const { M, sb, conn, rate, log, sleep } = ctx;
  const bot = sb.createBot({ username: `bc_${randomBytes(4).toString('hex')}_bot` });
  const users = [];
  const tUsers = performance.now();
  for (let i = 0; i < n; i += 1) {
    const u = sb.createUser({ firstName: `r${i}` });
    users.push(u.id);
    await sb.sendText(u.id, bot.id, 'hi'); // a bot can only write to users who wrote to it
  }
  log(`broadcast: ${n} users wrote to ${bot.username} in ${round((performance.now() - tUsers) / 1000, 1)} s`);

  // The broadcast is created as an owner's /broadcast does, by an engine that does not run it.
  const creator = new M.core.BroadcastEngine({ db: conn, send: async () => ({ ok: true }), ratePerSecond: rate, resumeIntervalMs: 0 });
  await creator.ensureIndexes();
  const id = await creator.createBroadcast({ message: { kind: 'text', text: 'Bench broadcast' }, createdBy: 1 });
  const tAdd = performance.now();
  await creator.addRecipients(id, users);
  const addSecs = (performance.now() - tAdd) / 1000;

  const sendTimes = [];
  let rateLimited = 0;
  let retryAfterSecs = 0;
  const errors = [];
  const onMessage = (msg) => {
    if (msg.type === 'sends') sendTimes.push(...msg.times);
    if (msg.type === 'rateLimited') {
      rateLimited += 1;
      retryAfterSecs += msg.seconds;
    }
    if (msg.type === 'error') errors.push(msg.message);
  };
  const cfg = { dbUri: ctx.dbUri, dbName: ctx.dbName, apiRoot: sb.apiRoot, token: bot.token, rate };
  let child = await startChild(ctx, cfg, onMessage);
  const models = M.core.broadcastModels(conn);
  const expectedSecs = n / rate;
  const span = Math.min(expectedSecs, budgetSecs);
  const faultAt = Array.from({ length: faults }, (_, i) => ((i + 1) * span * 1000) / (faults + 1));
  const killAt = kill ? span * 0.4 * 1000 : Infinity;
  let killed = null;
  const t0 = Date.now();
  child.send({ type: 'start', id });
  let injected = 0;
  let doc;
  for (;;) {
    await sleep(250);
    const elapsed = Date.now() - t0;
    while (faultAt.length > 0 && elapsed >= faultAt[0]) {
      faultAt.shift();
      sb.injectFault({ botRef: bot.id, method: 'sendMessage', kind: '429', count: 3, retryAfter: 1 });
      injected += 3;
    }
    if (elapsed >= killAt && !killed) {
      child.kill('SIGKILL');
      await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', resolve)));
      killed = { atSecs: round(elapsed / 1000, 1), lastSendBefore: sendTimes.at(-1) ?? null };
      const tRestart = Date.now();
      child = await startChild(ctx, cfg, onMessage);
      killed.restartSecs = round((Date.now() - tRestart) / 1000, 2);
    }
    doc = await models.Broadcast.findById(id).lean();
    if (doc.status === 'completed' || elapsed >= budgetSecs * 1000) break;
  }
  const completed = doc.status === 'completed';
  const elapsedSecs = (Date.now() - t0) / 1000;
  if (!completed) {
    child.send({ type: 'cancel', id });
    for (let i = 0; i < 80; i += 1) {
      doc = await models.Broadcast.findById(id).lean();
      if (doc.runner === null) break;
      await sleep(250);
    }
  }
  await stopChild(child, sleep);
  await sleep(300);
  doc = await models.Broadcast.findById(id).lean();

  const byPosition = await recipientsOf(models, id, doc.chunkLengths);
  const retry = new Set(doc.cursor.retry);
  const covered = completed ? byPosition : byPosition.slice(0, doc.cursor.next).filter((_, position) => !retry.has(position));
  let duplicates = 0;
  let delivered = 0;
  for (const u of users) {
    const c = sb.messageCount(bot.id, u);
    if (c > 0) delivered += 1;
    if (c > 1) duplicates += c - 1;
  }
  const misses = covered.filter((u) => sb.messageCount(bot.id, u) === 0).length;
  sendTimes.sort((a, b) => a - b);
  // From the moment the broadcast was started to its last send: windows start their sends
  // together, so first-to-last send would leave one window's time out.
  const spanSecs = sendTimes.length > 0 ? (sendTimes.at(-1) - t0) / 1000 : null;
  const ratePerSec = spanSecs ? sendTimes.length / spanSecs : null;
  let killGapSecs = null;
  if (killed?.lastSendBefore) {
    const firstAfter = sendTimes.find((t) => t > killed.lastSendBefore + 1);
    killGapSecs = firstAfter ? round((firstAfter - killed.lastSendBefore) / 1000, 2) : null;
  }
  const excluded = retryAfterSecs + (killGapSecs ?? 0);
  await models.Broadcast.deleteOne({ _id: id });
  await models.Chunk.deleteMany({ broadcastId: id });
  await models.Outcome.deleteMany({ broadcastId: id });
  return {
    recipients: n,
    completed,
    budgetSecs,
    status: completed ? 'completed' : `cut off after ${budgetSecs} s (then cancelled); figures cover the ${covered.length} recipients it reached`,
    counters: { sent: doc.counters.sent, blocked: doc.counters.blocked, failed: doc.counters.failed, unknown: doc.counters.unknown, total: doc.counters.total },
    covered: covered.length,
    delivered,
    addRecipientsSecs: round(addSecs, 1),
    elapsedSecs: round(elapsedSecs, 1),
    sends: sendTimes.length,
    ratePerSec: round(ratePerSec),
    rateRatio: ratePerSec ? round(ratePerSec / rate, 3) : null,
    injected429s: injected,
    rateLimitedEvents: rateLimited,
    retryAfterSecsObeyed: retryAfterSecs,
    kill: killed ? { ...killed, lastSendBefore: undefined, gapSecs: killGapSecs } : null,
    // Telegram's retry_after pauses and the restart after a kill are not the engine's pace.
    rateExcludingPausesPerSec: spanSecs && spanSecs > excluded ? round(sendTimes.length / (spanSecs - excluded)) : null,
    rateExcludingPausesRatio: spanSecs && spanSecs > excluded ? round(sendTimes.length / (spanSecs - excluded) / rate, 3) : null,
    duplicates,
    misses,
    errors: errors.slice(0, 5),
  };
}

/**
 * The section: every run in `runs` ({ n, faults, kill, budgetSecs }). Goal: each run at ≥ `goal`
 * of the rate overall (Telegram's pauses and a kill's restart included), no duplicate, no miss.
 */
async function benchBroadcast(ctx, runs, goal) {
  const out = [];
  for (const run of runs) {
    ctx.log(`broadcast: ${run.n} recipients at ${ctx.rate}/s${run.faults ? `, ${run.faults} bursts of 429s` : ''}${run.kill ? ', kill -9 mid-run' : ''}${run.n / ctx.rate > run.budgetSecs ? ` (first ${run.budgetSecs} s)` : ''}`);
    const r = await broadcastRun(ctx, run);
    ctx.log(`broadcast: ${r.sends} sends at ${r.ratePerSec}/s (${r.rateExcludingPausesPerSec}/s without pauses), duplicates ${r.duplicates}, misses ${r.misses}, unknown ${r.counters.unknown}`);
    // The overall rate, pauses and restart included: the figure without them double-counts
    // overlapping retry_after pauses.
    out.push({ ...run, ...r, met: (r.rateRatio ?? 0) >= goal && r.duplicates === 0 && r.misses === 0 });
  }
  return out;
}

module.exports = { benchBroadcast };
