#!/usr/bin/env node
'use strict';
/**
 * What one idle clone worker costs the database: the commands it sends per minute, counted by
 * FerretDB itself (/debug/metrics, ferretdb_client_requests_total by command), with the worker's
 * and FerretDB's CPU over the same window. Runs a private FerretDB, the sandbox and one real
 * worker (apps/clone-bot/dist/main.js) of the build in ROOT (default: this checkout, built).
 *
 *   node scripts/measure-idle-queries.js                       # IDLE=120 seconds of idling
 *   ROOT=/path/to/other/checkout WORKER_NODE_ENV=development node scripts/measure-idle-queries.js
 */
const path = require('node:path'); const fs = require('node:fs'); const os = require('node:os'); const http = require('node:http');
const { spawn } = require('node:child_process');
const ROOT = process.env.ROOT || path.join(__dirname, '..');
const core = require('@motherbot/core');
const { TelegramSandbox } = require('@motherbot/telegram-sandbox');
const IDLE = Number(process.env.IDLE || 120);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const get = (url) => new Promise((res, rej) => http.get(url, (r) => { let b = ''; r.on('data', (d) => (b += d)); r.on('end', () => res(b)); }).on('error', rej));
function cpu(pid) { const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8'); const f = s.slice(s.lastIndexOf(')') + 2).split(' '); return (Number(f[11]) + Number(f[12])) * 10; }
async function requests(debugPort) {
  const text = await get(`http://127.0.0.1:${debugPort}/debug/metrics`);
  const out = {};
  for (const line of text.split('\n')) {
    const m = /^ferretdb_client_requests_total\{(.*)\} (\d+)/.exec(line);
    if (!m) continue;
    const cmd = /command="([^"]+)"/.exec(m[1]); if (!cmd) continue;
    out[cmd[1]] = (out[cmd[1]] || 0) + Number(m[2]);
  }
  return out;
}
// Whatever was started, stopped also when a step fails (a FerretDB must not outlive the script).
let tmp; let fdb; let child;
function cleanUp() {
  child?.kill('SIGKILL');
  fdb?.kill('SIGTERM');
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
}

(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'idleq-'));
  const port = await core.findFreePort(), debugPort = await core.findFreePort();
  const bin = require('child_process').execFileSync('bash', [path.join(__dirname, 'build-ferretdb.sh'), '--print-path']).toString().trim();
  fs.mkdirSync(path.join(tmp, 'db/.state'), { recursive: true });
  fdb = spawn(bin, ['--handler=sqlite', `--sqlite-url=file:${tmp}/db/`, `--listen-addr=127.0.0.1:${port}`, `--debug-addr=127.0.0.1:${debugPort}`, '--telemetry=disable', `--state-dir=${tmp}/db/.state`, '--log-level=error'], { stdio: 'ignore' });
  const uri = `mongodb://127.0.0.1:${port}/`;
  for (let i = 0; i < 50; i++) { try { await get(`http://127.0.0.1:${debugPort}/debug/metrics`); break; } catch { await sleep(100); } }
  const sb = new TelegramSandbox({ flood: { enabled: false } }); await sb.start({ port: 0, host: '127.0.0.1' });
  const conn = await core.connectDatabase(uri, { dbName: 'idleq' });
  const models = core.platformModels(conn);
  const MASTER = 'idle-master-key-0123456789abcdefghijklmnopq', cloneId = 'a00000000def';
  const bot = sb.createBot({ username: 'idle_bot' });
  await models.Clone.create({ _id: cloneId, ownerId: 1, botId: bot.id, botUsername: 'idle_bot', source: 'token' });
  await models.CloneToken.create({ _id: cloneId, sealed: core.sealToken(core.deriveCloneKey(MASTER, cloneId), cloneId, bot.token) });
  core.writeWorkerSecrets(path.join(tmp, 'data'), { cloneId, mongoUri: uri, cloneKey: core.deriveCloneKey(MASTER, cloneId).toString('base64') });
  await conn.close();
  child = spawn(process.execPath, ['--max-semi-space-size=1', path.join(ROOT, 'apps/clone-bot/dist/main.js')], {
    env: { PATH: process.env.PATH, CLONE_ID: cloneId, NODE_ENV: process.env.WORKER_NODE_ENV || 'production', DATA_DIR: path.join(tmp, 'data'), LOG_DIR: path.join(tmp, 'logs'), TELEGRAM_API_ROOT: sb.apiRoot, DATABASE_NAME: 'idleq', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise((resolve, reject) => { child.on('message', (m) => m === 'ready' && resolve()); child.once('exit', (c) => reject(new Error('exit ' + c))); });
  await sleep(20_000);
  const r0 = await requests(debugPort), c0 = cpu(child.pid), f0 = cpu(fdb.pid);
  await sleep(IDLE * 1000);
  const r1 = await requests(debugPort), c1 = cpu(child.pid), f1 = cpu(fdb.pid);
  const perMin = {}; let total = 0;
  for (const k of Object.keys(r1)) { const d = r1[k] - (r0[k] || 0); if (d > 0) { perMin[k] = +(d * 60 / IDLE).toFixed(1); total += d; } }
  console.log(JSON.stringify({ root: ROOT, idleSecs: IDLE, commandsPerMinute: +(total * 60 / IDLE).toFixed(1), byCommand: perMin, workerCpuPercent: +((c1 - c0) / 10 / IDLE).toFixed(3), ferretdbCpuPercent: +((f1 - f0) / 10 / IDLE).toFixed(3) }));
  child.kill('SIGINT'); await new Promise((r) => child.once('exit', r)); fdb.kill('SIGTERM'); await sb.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
})().catch((e) => { console.error(e); cleanUp(); process.exit(1); });
