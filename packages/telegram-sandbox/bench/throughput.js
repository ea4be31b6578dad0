#!/usr/bin/env node
/**
 * Updates/s the sandbox serves to ONE long poller (limit 100), updates queued in advance.
 * Two pollers: a raw keep-alive HTTP client (the sandbox's own ceiling) and a real Telegraf
 * bot with a trivial handler (what a bot under test sees; Telegraf is the bottleneck there).
 *   npm run build && node packages/telegram-sandbox/bench/throughput.js [updates=20000]
 * Prints figures only; nothing here asserts on timing.
 */
const http = require('node:http');
const path = require('node:path');
const { TelegramSandbox } = require(path.join(__dirname, '..', 'dist', 'index.js'));
const { Telegraf } = require(require.resolve('telegraf', { paths: [path.join(__dirname, '..', '..', '..')] }));

const N = Number(process.argv[2] ?? 20000);

async function queue(sb, botId, userId) {
  for (let i = 0; i < N; i++) await sb.sendText(userId, botId, `msg ${i}`);
}

function post(agent, url, body) {
  return new Promise((resolve, reject) => {
    const data = JSON.stringify(body);
    const req = http.request(url, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    });
    req.on('error', reject);
    req.end(data);
  });
}

async function rawPoller() {
  const sb = await new TelegramSandbox({ flood: { enabled: false } }).start();
  const bot = sb.createBot({ username: 'bench_raw_bot' });
  const user = sb.createUser({ firstName: 'Bench' });
  await queue(sb, bot.id, user.id);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const url = `${sb.apiRoot}/bot${bot.token}/getUpdates`;
  let offset = 0;
  let got = 0;
  const t0 = process.hrtime.bigint();
  while (got < N) {
    const res = await post(agent, url, { offset, limit: 100, timeout: 1 });
    got += res.result.length;
    offset = res.result[res.result.length - 1].update_id + 1;
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  agent.destroy();
  await sb.stop();
  return { updates: got, secs, perSec: Math.round(got / secs) };
}

async function telegrafPoller() {
  const sb = await new TelegramSandbox({ flood: { enabled: false } }).start();
  const info = sb.createBot({ username: 'bench_telegraf_bot' });
  const user = sb.createUser({ firstName: 'Bench' });
  await queue(sb, info.id, user.id);
  const bot = new Telegraf(info.token, { telegram: { apiRoot: sb.apiRoot } });
  let got = 0;
  let t0 = 0n;
  const done = new Promise((resolve) => {
    bot.on('text', () => {
      if (got === 0) t0 = process.hrtime.bigint();
      if (++got === N) resolve();
    });
  });
  void bot.launch();
  await done;
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  bot.stop('bench over');
  await sb.stop();
  return { updates: got, secs, perSec: Math.round(got / secs) };
}

(async () => {
  const raw = await rawPoller();
  console.log(`raw HTTP long poller : ${raw.perSec} updates/s (${raw.updates} updates in ${raw.secs.toFixed(2)} s)`);
  const tg = await telegrafPoller();
  console.log(`Telegraf 4.16 bot    : ${tg.perSec} updates/s (${tg.updates} updates in ${tg.secs.toFixed(2)} s, trivial handler)`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
