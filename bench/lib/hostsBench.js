'use strict';
/**
 * The hosts section of `npm run bench`: the same number of clones on one host and on three
 * (each host the real mother in host role with its own PM2 daemon, one database), side by side:
 * how long after their creation every clone answers, the reply latency of a paced stream over
 * all clones, and the CPU all the hosts' processes (mothers, PM2 daemons, workers) spend on it.
 * On one machine three hosts share its cores, so this shows what the coordination costs (beats,
 * placements, fences), not what a second machine would add.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const P = require('./proc');

const round = (x, digits = 1) => (x === null || x === undefined || !Number.isFinite(x) ? null : Number(x.toFixed(digits)));

function daemonPid(pm2Home) {
  try {
    const pid = Number(fs.readFileSync(path.join(pm2Home, 'pm2.pid'), 'utf8').trim());
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** One layout: `hostCount` hosts sharing `clones` clones; resolves with its figures. */
async function runLayout({ M, ROOT, dbUri, hostCount, clones, rate, secs, log, sleep }) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-hosts-'));
  const sb = new M.sandbox.TelegramSandbox({ flood: { enabled: false } });
  await sb.start({ port: 0, host: '127.0.0.1' });
  const dbName = `bench_hosts_${randomBytes(3).toString('hex')}`;
  const masterKey = randomBytes(32).toString('base64url');
  const mother = sb.createBot({ username: `mother_hosts_${randomBytes(3).toString('hex')}_bot` });
  const admin = sb.createUser({ firstName: 'Admin' });
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME || tmp,
    NODE_ENV: 'development',
    BOT_TOKEN: mother.token,
    TELEGRAM_API_ROOT: sb.apiRoot,
    MASTER_KEY: masterKey,
    MONGODB_URI: dbUri,
    DATABASE_NAME: dbName,
    ADMIN_IDS: String(admin.id),
    HTTP_PORT: '0',
    LOG_LEVEL: 'warn',
    BACKUP_INTERVAL_HOURS: '0',
    CLONES_PER_OWNER: '1000',
  };
  const hosts = [];
  const conn = await M.core.connectDatabase(dbUri, { dbName, maxPoolSize: 4 });
  try {
    for (let i = 1; i <= hostCount; i++) {
      const dir = path.join(tmp, `h${i}`);
      const child = spawn(process.execPath, [path.join(ROOT, 'apps/mother-bot/dist/main.js')], {
        env: { ...env, HOST_ID: `h${i}`, PM2_HOME: path.join(dir, 'pm2'), DATA_DIR: path.join(dir, 'data'), LOG_DIR: path.join(dir, 'logs') },
        stdio: 'ignore',
      });
      hosts.push({ child, pm2Home: path.join(dir, 'pm2') });
    }
    const models = M.core.platformModels(conn);
    const deadline = Date.now() + 120_000;
    while ((await models.Host.countDocuments({})) < hostCount) {
      if (Date.now() > deadline) throw new Error('the hosts did not start beating within 120 s');
      await sleep(250);
    }
    const { CloneOnboarding } = require(path.join(ROOT, 'apps/mother-bot/dist/services/cloneOnboarding.js'));
    const { telegramBotIdentifier } = require(path.join(ROOT, 'apps/mother-bot/dist/bot/botIdentity.js'));
    const config = M.core.loadConfig({ envFile: null, env: { ...env, NODE_ENV: 'development' } });
    const onboarding = new CloneOnboarding({ config, models, masterKey, identify: telegramBotIdentifier(sb.apiRoot), onChange: () => undefined });
    const owner = sb.createUser({ firstName: 'Owner' });
    const bots = [];
    const created = performance.now();
    for (let i = 0; i < clones; i++) {
      const bot = sb.createBot({ username: `hosts_${randomBytes(4).toString('hex')}_bot` });
      await onboarding.createClone({ ownerId: owner.id, token: bot.token, source: 'token' });
      bots.push(bot);
    }
    let probeUser = 0;
    const answers = async (bot) => {
      const user = sb.createUser({ firstName: `p${(probeUser += 1)}` });
      const after = sb.cursor();
      await sb.sendText(user.id, bot.id, '/start');
      return sb.waitForBotMessage({ chatId: user.id, botRef: bot.id, after, timeoutMs: 3000 }).then(() => true, () => false);
    };
    await Promise.all(
      bots.map(async (bot) => {
        while (!(await answers(bot))) if (performance.now() - created > 300_000) throw new Error(`@${bot.username} did not answer within 300 s`);
      }),
    );
    const readySecs = (performance.now() - created) / 1000;
    await sleep(3000);
    // A paced stream over every clone: one fresh user per message.
    const pids = () => hosts.flatMap((h) => [h.child.pid, daemonPid(h.pm2Home)].filter(Boolean));
    const cpu0 = pids().reduce((s, pid) => s + P.treeCpu(pid), 0);
    const t0 = performance.now();
    const waits = [];
    const n = rate * secs;
    for (let i = 0; i < n; i++) {
      const due = t0 + (i * 1000) / rate;
      const delay = due - performance.now();
      if (delay > 0) await sleep(delay);
      const bot = bots[i % bots.length];
      const user = sb.createUser({ firstName: `l${i}` });
      const after = sb.cursor();
      const sent = performance.now();
      await sb.sendText(user.id, bot.id, '/start');
      waits.push(sb.waitForBotMessage({ chatId: user.id, botRef: bot.id, after, timeoutMs: 30_000 }).then(() => performance.now() - sent, () => null));
    }
    const lat = (await Promise.all(waits)).filter((x) => x !== null);
    const elapsed = (performance.now() - t0) / 1000;
    const cpu1 = pids().reduce((s, pid) => s + P.treeCpu(pid), 0);
    const perHost = await models.Placement.aggregate([{ $group: { _id: '$hostId', n: { $sum: 1 } } }]);
    return {
      hosts: hostCount,
      clones,
      readySecs: round(readySecs),
      placed: Object.fromEntries(perHost.map((p) => [p._id, p.n])),
      latency: { rate, secs, sent: n, answered: lat.length, p50Ms: round(P.percentile(lat, 50)), p95Ms: round(P.percentile(lat, 95)), p99Ms: round(P.percentile(lat, 99)) },
      cpuPercentOfOneCore: round(((cpu1 - cpu0) / elapsed) * 100),
    };
  } finally {
    for (const h of hosts) {
      try {
        h.child.kill('SIGTERM');
      } catch {
        // gone
      }
    }
    await sleep(3000);
    for (const h of hosts) {
      const pm2 = new M.Pm2Client(h.pm2Home);
      if (daemonPid(h.pm2Home)) await pm2.connect().then(() => pm2.shutdownDaemon()).catch(() => undefined);
      await pm2.disconnect().catch(() => undefined);
      try {
        h.child.kill('SIGKILL');
      } catch {
        // gone
      }
    }
    await conn.db.dropDatabase().catch(() => undefined);
    await conn.close();
    await sb.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
    log(`hosts: ${hostCount} host(s) × ${clones / hostCount} clones done`);
  }
}

async function benchHosts({ M, ROOT, dbUri, smoke, log, sleep }) {
  const n = smoke ? 2 : 10;
  const rate = smoke ? 5 : 20;
  const secs = smoke ? 2 : 15;
  log(`hosts: 1 host × ${3 * n} clones, then 3 hosts × ${n}, ${rate} upd/s for ${secs} s each`);
  const one = await runLayout({ M, ROOT, dbUri, hostCount: 1, clones: 3 * n, rate, secs, log, sleep });
  const three = await runLayout({ M, ROOT, dbUri, hostCount: 3, clones: 3 * n, rate, secs, log, sleep });
  return {
    method: `the same ${3 * n} clones on 1 host and on 3 hosts (each the mother in host role with its own PM2 daemon) on this machine and one database; ready: from the first clone's creation until every clone answered /start; latency: ${rate} /start a second for ${secs} s over all clones, one fresh user each; CPU: mothers, PM2 daemons and workers of all hosts during the stream`,
    layouts: [one, three],
  };
}

module.exports = { benchHosts };
