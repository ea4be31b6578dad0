'use strict';
/**
 * The indexing section of `npm run bench`: how fast a clone reads a range of its connected
 * channel with `/index` (each post forwarded into the owner's chat, stored, the copy deleted),
 * in posts per second, for a range of 1,000 posts (smoke: 50), every fifth post a text.
 *
 * The production pace is one post a second (Telegram's limit for one chat; the clone's
 * `indexPostsPerSecond`), so what is measured here is the clone's own ceiling: the pace lifted
 * and the sandbox's flood limits off, so the figure is the cost of the bot and its database per
 * post. A second `/index` of the same range measures the re-read of posts already indexed (one
 * point read each, no Telegram call).
 */
const path = require('node:path');

const round = (x, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(digits)));

async function waitJobDone(conn, sleep, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const job = await conn.collection('index_jobs').findOne({ _id: 'current' });
    if (job && job.status !== 'running') return job;
    await sleep(100);
  }
  throw new Error(`the indexing job did not finish within ${timeoutMs / 1000} s`);
}

/** One timed /index of the range; resolves with the job document and the seconds it took. */
async function timedIndex(ctx, range) {
  const { sb, conn, owner, bot, sleep } = ctx;
  await conn.collection('index_jobs').deleteOne({ _id: 'current' });
  const started = process.hrtime.bigint();
  await sb.sendText(owner.id, bot.id, `/index ${range.first} ${range.last}`);
  const job = await waitJobDone(conn, sleep, ctx.timeoutMs);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { job, seconds };
}

async function benchIndexing({ M, ROOT, dbUri, dbName, smoke, log, sleep }) {
  const posts = smoke ? 50 : 1000;
  const { createCloneBot } = require(path.join(ROOT, 'apps/clone-bot/dist/bot/createCloneBot.js'));
  const { UpdatePoller } = require('@motherbot/bot-kit');
  const sb = new M.sandbox.TelegramSandbox({ flood: { enabled: false } });
  await sb.start({ port: 0, host: '127.0.0.1' });
  const conn = await M.core.connectDatabase(dbUri, { dbName, maxPoolSize: 4 });
  let poller;
  let clone;
  try {
    const owner = sb.createUser({ firstName: 'Owner' });
    const bot = sb.createBot({ username: 'index_bench_bot' });
    const channel = sb.createChannel({ title: 'Bench library', username: 'bench_library' });
    sb.setChatMember(channel.id, owner.id, 'creator');
    for (let n = 1; n <= posts; n += 1) {
      if (n % 5 === 0) await sb.postToChannel(owner.id, channel.id, { text: `news ${n}` });
      else await sb.postToChannel(owner.id, channel.id, { file: { kind: 'document', fileName: `post-${n}.pdf`, content: Buffer.from(`bench post ${n}`) } });
    }
    // Administrator only now: the posts above are old posts, not new ones indexed as they come.
    sb.setChatMember(channel.id, bot.id, 'administrator');
    const logger = M.core.createLogger({ label: 'bench:indexing', level: 'error', console: false });
    clone = createCloneBot(
      { token: bot.token, apiRoot: sb.apiRoot },
      { cloneId: 'bench-indexing', ownerId: owner.id, botUsername: bot.username, cloneDb: conn, logger, counters: { updates: 0, errors: 0 }, indexPostsPerSecond: 1e6, progressEditMs: 2000 },
    );
    clone.bot.botInfo = await clone.bot.telegram.getMe();
    await clone.start();
    clone.startBackground();
    await clone.runtime.settings.update({ indexChannel: { chatId: channel.id, title: 'Bench library', username: 'bench_library' } });
    poller = new UpdatePoller(clone.bot, {});
    await new Promise((resolve, reject) => poller.run(() => resolve()).catch(reject));
    await sb.sendText(owner.id, bot.id, '/start');
    const range = { first: sb.postLink(channel.id, 1), last: sb.postLink(channel.id, posts) };
    const ctx = { sb, conn, owner, bot, sleep, timeoutMs: Math.max(120_000, posts * 500) };
    log(`indexing: /index of ${posts} posts`);
    const first = await timedIndex(ctx, range);
    const again = await timedIndex(ctx, range);
    return {
      posts,
      files: first.job.indexed,
      baseline: 'none: the production pace is 1 post/s by design (Telegram allows about one message a second in one chat); this is the clone\'s own ceiling, pace lifted, sandbox flood limits off',
      firstRead: { seconds: round(first.seconds, 2), postsPerSec: round(posts / first.seconds), indexed: first.job.indexed, skipped: first.job.skipped, missing: first.job.missing },
      reRead: { seconds: round(again.seconds, 2), postsPerSec: round(posts / again.seconds), known: again.job.known },
      counters: clone.runtime.deps.counters,
    };
  } finally {
    if (poller) await poller.stop({ deadlineMs: 5000 }).catch(() => undefined);
    if (clone) await clone.stop().catch(() => undefined);
    await conn.dropDatabase().catch(() => undefined);
    await conn.close().catch(() => undefined);
    await sb.stop();
  }
}

module.exports = { benchIndexing };
