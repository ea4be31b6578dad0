'use strict';
/**
 * One real clone worker (no PM2, no mother) on the embedded database and the sandbox, given
 * ROUNDS bursts of N file links from N new users each; prints the worker's CPU per update and
 * the rate of each burst. For A/B comparisons of the share link's hot path: ROOT=<another built
 * checkout> runs that checkout's worker with the same harness. VERIFY=1 turns link verification
 * on with every user verified; PROF=<dir> writes a V8 CPU profile of the worker.
 *
 *   N=2000 ROUNDS=4 node bench/oneWorkerBurst.js
 */
const path = require('node:path');
const fs = require('node:fs');
const os = require('node:os');
const { spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const ROOT = process.env.ROOT || path.resolve(__dirname, '..');
const core = require(path.join(ROOT, 'packages/core/dist/index.js'));
const { TelegramSandbox } = require(path.join(ROOT, 'packages/telegram-sandbox/dist/index.js'));
const N = Number(process.env.N || 2000), VERIFY = !!process.env.VERIFY, ROUNDS = Number(process.env.ROUNDS || 3);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
function cpu(pid) { const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return (Number(f[11]) + Number(f[12])) * 10; }
(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'prof-'));
  const edb = new core.EmbeddedDatabase({ dataDir: path.join(tmp, 'db') });
  const uri = await edb.start();
  const sb = new TelegramSandbox({ flood: { enabled: false } });
  await sb.start({ port: 0, host: '127.0.0.1' });
  const conn = await core.connectDatabase(uri, { dbName: 'prof', maxPoolSize: 4 });
  const models = core.platformModels(conn);
  const MASTER = 'prof-master-key-0123456789abcdefghijklmnop';
  const cloneId = 'a00000000abc';
  const bot = sb.createBot({ username: 'prof_bot' });
  const owner = sb.createUser({ firstName: 'owner' });
  await models.Clone.create({ _id: cloneId, ownerId: owner.id, botId: bot.id, botUsername: 'prof_bot', source: 'token' });
  await models.CloneToken.create({ _id: cloneId, sealed: core.sealToken(core.deriveCloneKey(MASTER, cloneId), cloneId, bot.token) });
  core.writeWorkerSecrets(path.join(tmp, 'data'), { cloneId, mongoUri: uri, cloneKey: core.deriveCloneKey(MASTER, cloneId).toString('base64') });
  const cdb = conn.useDb(core.cloneDatabaseName('prof', cloneId), { useCache: true });
  const uploader = sb.createUser({ firstName: 'up' });
  const msg = await sb.sendFile(uploader.id, bot.id, { kind: 'document', fileName: 'bench.txt', mimeType: 'text/plain', content: Buffer.from('benchmark file\n') });
  const code = `f_${randomBytes(12).toString('base64url')}`;
  await cdb.collection('files').insertOne({ _id: code, kind: 'document', fileId: msg.document.file_id, fileUniqueId: msg.document.file_unique_id, fileName: 'bench.txt', mimeType: 'text/plain', size: null, caption: null, captionEntities: null, searchText: 'bench.txt', storage: null, createdBy: uploader.id, createdAt: new Date(), deletedAt: null });
  if (VERIFY) await cdb.collection('settings').updateOne({ _id: 'settings' }, { $set: { verifyEnabled: true, shortenerFailMode: 'retry' } }, { upsert: true });
  const flags = ['--max-semi-space-size=1'];
  if (process.env.PROF) flags.push('--cpu-prof', `--cpu-prof-dir=${process.env.PROF}`);
  const child = spawn(process.execPath, [...flags, path.join(ROOT, 'apps/clone-bot/dist/main.js')], {
    env: { PATH: process.env.PATH, CLONE_ID: cloneId, NODE_ENV: 'production', DATA_DIR: path.join(tmp, 'data'), LOG_DIR: path.join(tmp, 'logs'), TELEGRAM_API_ROOT: sb.apiRoot, DATABASE_NAME: 'prof', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise((resolve, reject) => { child.on('message', (m) => m === 'ready' && resolve()); child.once('exit', (c) => reject(new Error('exit ' + c))); });
  await sleep(2000);
  const results = [];
  for (let round = 0; round < ROUNDS; round++) {
    const users = Array.from({ length: N }, (_, i) => sb.createUser({ firstName: 'u' + i }));
    if (VERIFY) await cdb.collection('user_access').insertMany(users.map((u) => ({ _id: String(u.id), verifiedUntil: new Date(Date.now() + 86_400_000), pending: null, quotaDay: null, quotaCount: 0, updatedAt: new Date() })));
    const before = sb.messageCount(bot.id);
    const c0 = cpu(child.pid); const t0 = Date.now();
    for (const u of users) await sb.sendText(u.id, bot.id, `/start ${code}`);
    while (sb.messageCount(bot.id) - before < N && Date.now() - t0 < 120_000) await sleep(20);
    const el = Date.now() - t0; const c1 = cpu(child.pid);
    results.push({ round, answered: sb.messageCount(bot.id) - before, updPerSec: Math.round((N * 1000) / el), cpuMsPerUpdate: +((c1 - c0) / N).toFixed(3) });
    await sleep(3000);
  }
  console.log(JSON.stringify({ root: ROOT, verify: VERIFY, results }));
  child.kill('SIGINT');
  await new Promise((r) => child.once('exit', r));
  await conn.close(); await sb.stop(); await edb.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
})().catch((e) => { console.error(e); process.exit(1); });
