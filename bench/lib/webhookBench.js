'use strict';
/**
 * The webhook section of `npm run bench` (--only webhook): polling and webhooks side by side in
 * one run, each on its own platform (the real mother process with its own PM2 daemon, sandbox and
 * database; for webhooks WEBHOOK_BASE_URL points the sandbox straight at the mother's ingress,
 * no TLS proxy), measured the same way one after the other:
 *   - idle: N clones answering, then left alone; RSS per worker, and the CPU of the workers, the
 *     mother (which holds the ingress), the PM2 daemon and the bench process (the sandbox: long
 *     polls held open, or nothing) over the same window;
 *   - the file link on one clone: a burst of K links from K new users (updates/s, CPU per update)
 *     and a paced stream (p50/p95/p99), with bench.js's own burst and paced;
 *   - the scale ramp of bench.js (how many clones keep p99 < 1 s at 1 update/s each).
 * The sandbox's webhook counts (delivered, refused, retried) say whether any update needed a
 * second try; every figure comes from the same machine in the same run.
 */

/** N clones answering, then idle: RSS per worker and CPU per process group over one window. */
async function idleClones(ctx, pf, n) {
  const { P, sleep, log, sizes, dbPid } = ctx;
  const clones = await pf.createClones(n, 'wi');
  const ready = await Promise.all(clones.map((c) => pf.probe(c.bot.id, sizes.readyTimeoutMs)));
  const notReady = ready.filter((r) => r === null).length;
  if (notReady > 0) throw new Error(`${notReady} of ${n} clones did not answer within ${sizes.readyTimeoutMs / 1000} s`);
  log(`webhook section: ${n} clones answer; settling ${sizes.settleMs / 1000} s`);
  await sleep(sizes.settleMs);
  const workers = (await pf.workers()).filter((w) => w.pid);
  const rss = [];
  for (let i = 0; i < 3; i++) {
    rss.push(workers.reduce((s, w) => s + P.rssBytes(w.pid), 0));
    await sleep(500);
  }
  const pids = { workers: workers.map((w) => w.pid), mother: pf.motherPid(), daemon: pf.pm2.daemonPid(), bench: process.pid, db: dbPid };
  log(`webhook section: idle CPU over ${sizes.cpuWindowMs / 1000} s`);
  const cpu = await P.cpuOver(
    { workers: pids.workers, mother: [pids.mother], daemon: [pids.daemon], bench: [pids.bench], db: { tree: pids.db } },
    sizes.cpuWindowMs,
  );
  const secs = cpu.secs;
  const pct = (k, per = 1) => P.round(cpu.percent[k] / per, 3);
  const hostCpu = cpu.seconds.workers + cpu.seconds.mother + cpu.seconds.daemon;
  return {
    clones,
    figures: {
      clones: n,
      workersOnline: workers.length,
      windowSecs: P.round(secs, 1),
      rssPerCloneMB: P.mb(P.median(rss) / Math.max(1, workers.length)),
      motherRssMB: P.mb(P.rssBytes(pids.mother)),
      cpuPerClonePercentOfCore: pct('workers', Math.max(1, workers.length)),
      /** Workers, mother (the ingress in webhook mode) and PM2 daemon, shared out over the clones. */
      hostCpuPerClonePercentOfCore: P.round(((hostCpu / secs) * 100) / Math.max(1, workers.length), 3),
      motherPercentOfCore: pct('mother'),
      pm2DaemonPercentOfCore: pct('daemon'),
      sandboxAndBenchPercentOfCore: pct('bench'),
      databasePercentOfCore: pids.db ? pct('db') : null,
    },
  };
}

/** The file link on one clone: a burst, then a paced stream (bench.js's burst and paced). */
async function fileLink(ctx, pf, clone) {
  const { M, sizes, log, storeFile, burst, paced, dbPid } = ctx;
  const cloneDb = M.core.cloneDatabaseName(pf.dbName, clone.cloneId);
  const code = await storeFile(pf, clone.bot.id, cloneDb, true);
  const text = `/start ${code}`;
  await pf.drain(clone.bot.id);
  const worker = (await pf.workers()).find((w) => w.name === `clone-${clone.cloneId}`);
  log(`webhook section: file link, burst of ${sizes.burst}, then ${sizes.latencyRate}/s for ${sizes.latencySecs} s`);
  const b = await burst(pf, clone.bot.id, text, sizes.burst, undefined, { bot: worker && worker.pid, db: dbPid });
  await pf.drain(clone.bot.id);
  const latency = await paced(pf, clone.bot.id, text, sizes.latencyRate, sizes.latencySecs);
  await pf.drain(clone.bot.id);
  return { burst: b, latency };
}

/** Sums the sandbox's per-bot webhook counts and poll overlaps of one platform. */
function deliveryCounts(pf) {
  const stats = pf.sb.stats();
  const total = { delivered: 0, refused: 0, retried: 0 };
  for (const c of Object.values(stats.webhookDeliveries || {})) for (const k of Object.keys(total)) total[k] += c[k];
  const overlappingPolls = Object.values(stats.overlappingPolls || {}).reduce((s, x) => s + x, 0);
  return { webhook: total, overlappingPolls };
}

async function runMode(ctx, mode) {
  const { M, log, newPlatform, dbUri, benchScale, sleep, sizes } = ctx;
  const port = mode === 'webhook' ? await M.core.findFreePort() : null;
  const env = mode === 'webhook'
    ? { WEBHOOK_BASE_URL: `http://127.0.0.1:${port}`, WEBHOOK_PORT: String(port), WEBHOOK_HOST: '127.0.0.1' }
    : { WEBHOOK_BASE_URL: '' };
  const pf = newPlatform({ suffix: mode === 'webhook' ? '_wh' : '_wp', env });
  log(`webhook section: ${mode}${port ? ` (ingress on 127.0.0.1:${port})` : ''}`);
  const out = { mode };
  try {
    await pf.start(dbUri);
    const idle = await idleClones(ctx, pf, sizes.idleClones);
    out.idle = idle.figures;
    out.fileLink = await fileLink(ctx, pf, idle.clones[0]);
    await pf.call('deleteAll');
    await pf.waitWorkersGone();
    await sleep(sizes.smoke ? 500 : 5000);
    out.scale = await benchScale(pf);
    out.deliveries = deliveryCounts(pf);
    log(`webhook section: ${mode} done, file link p99 ${out.fileLink.latency.p99Ms} ms, ramp up to ${out.scale.largestPassing} clones`);
  } catch (error) {
    out.error = String((error && error.message) || error);
    log(`webhook section: ${mode} failed: ${out.error}`);
  } finally {
    await pf.stop();
  }
  return out;
}

/**
 * ctx: { M, P, log, sleep, dbUri, dbPid, smoke, sizes, newPlatform(options), storeFile, burst,
 * paced, benchScale(pf) }. Polling runs first, then webhooks, on the same machine and database.
 */
async function benchWebhook(ctx) {
  const sizes = { ...ctx.sizes, idleClones: ctx.smoke ? 2 : 20, smoke: ctx.smoke };
  const c = { ...ctx, sizes };
  const modes = [];
  for (const mode of ['polling', 'webhook']) modes.push(await runMode(c, mode));
  const failed = modes.filter((m) => m.error).map((m) => `${m.mode}: ${m.error}`);
  if (failed.length === modes.length) throw new Error(`both modes failed (${failed.join('; ')})`);
  return {
    method: `polling, then webhooks (WEBHOOK_BASE_URL at the mother's ingress on 127.0.0.1, the sandbox delivering to it directly: no TLS proxy), each on its own platform (the mother process, its PM2 daemon, a fresh sandbox and database) in the same run. Idle: ${sizes.idleClones} clones answering, left alone ${sizes.settleMs / 1000} s, then RSS per worker and CPU over ${sizes.cpuWindowMs / 1000} s (per clone: the workers; host per clone: workers + mother + PM2 daemon). File link on one clone: a burst of ${sizes.burst} links from new users, then ${sizes.latencyRate}/s for ${sizes.latencySecs} s. Scale: the ramp of the scale section (1 /start per clone per second, ${sizes.scaleWindowSecs} s per step; a step passes with p99 < 1 s and under 1% missed)`,
    modes,
    failed,
  };
}

module.exports = { benchWebhook };
