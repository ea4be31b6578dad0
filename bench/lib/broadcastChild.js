'use strict';
/**
 * One bot's broadcast engine in its own process, as a clone worker runs it, so the bench can
 * kill -9 it mid-run and start another (bench/lib/broadcastBench.js). Configuration comes as
 * JSON in BENCH_BROADCAST (no secret: a sandbox token). Reports its sends to the parent in
 * batches: { type: 'sends', times: [epoch ms…] }.
 */
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..', '..');
const core = require('@motherbot/core');
const { Telegram } = require(require.resolve('telegraf', { paths: [ROOT] }));

async function main() {
  const cfg = JSON.parse(process.env.BENCH_BROADCAST || '{}');
  const conn = await core.connectDatabase(cfg.dbUri, { dbName: cfg.dbName, maxPoolSize: 4 });
  const telegram = new Telegram(cfg.token, { apiRoot: cfg.apiRoot });
  let times = [];
  const engine = new core.BroadcastEngine({
    db: conn,
    ratePerSecond: cfg.rate,
    resumeIntervalMs: 0,
    soleRunner: true,
    send: async (chatId, b) => {
      await telegram.sendMessage(chatId, b.message.text);
      times.push(Date.now());
      return { ok: true };
    },
  });
  engine.on('rateLimited', (e) => process.send?.({ type: 'rateLimited', seconds: e.seconds }));
  engine.on('error', (e) => process.send?.({ type: 'error', message: String(e.error && e.error.message) }));
  const flush = setInterval(() => {
    if (times.length === 0) return;
    process.send?.({ type: 'sends', times });
    times = [];
  }, 250);
  await engine.start(); // resumes (takes over) what a killed predecessor left running
  process.on('message', (msg) => {
    void (async () => {
      if (msg.type === 'start') await engine.startBroadcast(msg.id);
      if (msg.type === 'progress') process.send?.({ type: 'progress', progress: await engine.progress(msg.id) });
      if (msg.type === 'cancel') await engine.cancel(msg.id).catch(() => undefined);
      if (msg.type === 'stop') {
        await engine.stop();
        clearInterval(flush);
        if (times.length > 0) process.send?.({ type: 'sends', times });
        await conn.close();
        process.exit(0);
      }
    })().catch((error) => process.send?.({ type: 'error', message: error.message }));
  });
  process.send?.({ type: 'ready' });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
