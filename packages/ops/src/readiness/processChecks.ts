import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { cloneIdOfWorkerName, workerSecretsPath, cloneDatabaseName, cloneModel, leaseModel } from '@motherbot/core';
import { dbOf, fail, listSome, pass, platformProcesses, plural, type CheckResult, type PlatformProcess, type ProcessSnapshot, type ReadinessInputs } from './inputs';
import { knownSecrets } from './knownSecrets';
import { describeSecrets } from './logRedactionCheck';
import { secretsInProcess } from './processSecrets';
import { scanFilesForSecrets } from './secretScan';

const workersOf = (snapshot: ProcessSnapshot): Array<PlatformProcess & { cloneId: string }> =>
  snapshot.processes.flatMap((p) => {
    const cloneId = cloneIdOfWorkerName(p.name);
    return cloneId ? [{ ...p, cloneId }] : [];
  });
const online = (p: PlatformProcess): boolean => p.status === 'online';
const unreachable = (snapshot: ProcessSnapshot): string => `no PM2 daemon answered at ${snapshot.home} (${snapshot.problem ?? 'not running'})`;
const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8).padStart(4, '0');

/**
 * Each running clone worker is isolated: its own process, an environment (PM2's and the live
 * one) and command line with no secret in them, its own database (`<DATABASE_NAME>_clone_<id>`),
 * and its secrets only in its own 0600 runtime file. No worker running proves nothing: fail.
 */
export async function checkCloneIsolation(inputs: ReadinessInputs, snapshot: ProcessSnapshot): Promise<CheckResult> {
  if (!snapshot.reachable) return fail(`${unreachable(snapshot)}: no worker to look at`);
  const workers = workersOf(snapshot).filter(online);
  if (workers.length === 0) return fail(`no clone worker runs under PM2 at ${snapshot.home} (${plural(workersOf(snapshot).length, 'clone process')}, none online): isolation cannot be shown until a clone runs`);
  const { secrets } = await knownSecrets(inputs);
  const { config } = inputs;
  const problems: string[] = [];
  const perClone = new Map<string, number>();
  for (const w of workers) perClone.set(w.cloneId, (perClone.get(w.cloneId) ?? 0) + 1);
  for (const [cloneId, n] of perClone) if (n > 1) problems.push(`clone ${cloneId} runs in ${n} processes`);

  const databases = new Map<string, string>();
  for (const w of workers) {
    for (const leak of secretsInProcess(w, secrets)) problems.push(`${w.name}: ${leak}`);
    if (w.env.CLONE_ID !== w.cloneId) problems.push(`${w.name}: CLONE_ID is ${w.env.CLONE_ID ?? 'missing'}`);
    const dbName = cloneDatabaseName(w.env.DATABASE_NAME ?? '?', w.cloneId);
    if (w.env.DATABASE_NAME !== config.databaseName) problems.push(`${w.name}: DATABASE_NAME=${w.env.DATABASE_NAME ?? '(unset)'}, not the platform's ${config.databaseName}`);
    const other = databases.get(dbName);
    if (other) problems.push(`${w.name} and ${other} share the database ${dbName}`);
    databases.set(dbName, w.name);
    const runtime = workerSecretsPath(config.dataDir, w.cloneId);
    if (!existsSync(runtime)) problems.push(`${w.name}: no runtime file ${runtime}`);
    else if (mode(runtime) !== '0600') problems.push(`${w.name}: runtime file ${runtime} is mode ${mode(runtime)}, not 0600`);
  }
  const runDir = join(config.dataDir, 'run', 'clones');
  if (existsSync(runDir) && mode(runDir) !== '0700') problems.push(`${runDir} is mode ${mode(runDir)}, not 0700`);
  const onServer = new Set<string>();
  try {
    const { databases: list } = await dbOf(inputs).getClient().db('admin').admin().listDatabases({ nameOnly: true });
    for (const d of list) onServer.add(d.name);
  } catch (error) {
    problems.push(`the server's databases could not be listed: ${(error as Error).message}`);
  }
  const created = [...databases.keys()].filter((d) => onServer.has(d)).length;
  const envSources = [...new Set(workers.map((w) => w.envSource))].join(' / ');
  const detail =
    `${plural(workers.length, 'worker')} under PM2 at ${snapshot.home} (${listSome(workers.map((w) => `${w.name} pid ${w.pid}`), 3)}): ` +
    `environment (${envSources}) and command line searched for ${secrets.length} secret(s) [${describeSecrets(secrets)}] and secret variables; ` +
    `one process and one database each (${listSome([...databases.keys()], 3)}; ${created} of them on the server so far); runtime files 0600 in a 0700 directory`;
  return problems.length === 0 ? pass(detail) : fail(`${listSome(problems, 5)}; ${detail}`);
}

/** No secret in any platform process's environment or command line, nor in PM2's dump file. */
export async function checkProcessEnvironments(inputs: ReadinessInputs, snapshot: ProcessSnapshot): Promise<CheckResult> {
  const { secrets } = await knownSecrets(inputs);
  const processes = platformProcesses(snapshot);
  const problems = processes.flatMap((p) => secretsInProcess(p, secrets).map((leak) => `${p.name}: ${leak}`));
  const dumps = snapshot.stateFiles.filter((f) => existsSync(f));
  const scan = await scanFilesForSecrets(dumps, secrets);
  problems.push(...scan.findings.map((f) => `${f.secret} in ${f.file}`));
  if (!snapshot.reachable && dumps.length === 0) return fail(`${unreachable(snapshot)} and no PM2 dump file there: no process environment to look at`);
  const looked =
    `${snapshot.reachable ? `${plural(processes.length, 'platform process', 'platform processes')} in the PM2 daemon of ${snapshot.home} (${listSome(processes.map((p) => p.name), 4) || 'none'})` : unreachable(snapshot)}` +
    `${dumps.length > 0 ? `, and ${listSome(dumps)}` : ', no PM2 dump file'}: searched for ${secrets.length} secret(s) [${describeSecrets(secrets)}], secret variables and token shapes`;
  return problems.length === 0 ? pass(`${looked}: none found`) : fail(`${listSome(problems, 5)}; ${looked}`);
}

/** The server's connection limit (current + available), when it says (MongoDB does; FerretDB does not). */
async function connectionLimit(inputs: ReadinessInputs): Promise<{ current: number; limit: number } | string> {
  try {
    const status = (await dbOf(inputs).db!.admin().serverStatus()) as { connections?: { current?: number; available?: number } };
    const { current, available } = status.connections ?? {};
    if (typeof current === 'number' && typeof available === 'number') return { current, limit: current + available };
    return 'the server reports no connection limit (FerretDB has none)';
  } catch (error) {
    return `serverStatus refused (${(error as Error).message}): the server's limit was not read`;
  }
}

/** Pools the ops commands open while the platform runs (`npm run backup`, `readiness`: 4 each). */
const OPS_POOL = 4;

/**
 * The connections the platform may open (the mother's pool, each clone worker's pool, an ops
 * command) against the server's limit, and each running worker really given CLONE_DB_POOL_SIZE.
 */
export async function checkPoolSizes(inputs: ReadinessInputs, snapshot: ProcessSnapshot): Promise<CheckResult> {
  const { config } = inputs;
  const shouldRun = await cloneModel(dbOf(inputs)).countDocuments({ deletedAt: null, desiredRunning: true });
  const workers = workersOf(snapshot).filter(online);
  const clones = Math.max(shouldRun, workers.length);
  const planned = config.motherDbPoolSize + clones * config.cloneDbPoolSize + OPS_POOL;
  const sum = `MOTHER_DB_POOL_SIZE ${config.motherDbPoolSize} + ${clones} clone(s) × CLONE_DB_POOL_SIZE ${config.cloneDbPoolSize} + ${OPS_POOL} for an ops command = ${planned} connections at most`;
  const problems: string[] = [];
  const wrong = workers.filter((w) => w.env.CLONE_DB_POOL_SIZE !== String(config.cloneDbPoolSize));
  if (wrong.length > 0) problems.push(`worker(s) not on CLONE_DB_POOL_SIZE=${config.cloneDbPoolSize}: ${listSome(wrong.map((w) => `${w.name} has ${w.env.CLONE_DB_POOL_SIZE ?? 'none'}`))} (restart them)`);
  const limit = await connectionLimit(inputs);
  let server: string;
  if (typeof limit === 'string') server = limit;
  else {
    server = `server: ${limit.current} open now, limit ${limit.limit}`;
    if (planned > limit.limit) problems.push(`${planned} connections planned, the server allows ${limit.limit}`);
  }
  const seen = snapshot.reachable
    ? `${plural(workers.length, 'running worker')} ${workers.length > 0 ? `given CLONE_DB_POOL_SIZE=${config.cloneDbPoolSize} (PM2 env)` : 'to look at'}`
    : unreachable(snapshot);
  const detail = `${sum} (${shouldRun} clone(s) should run); ${server}; ${seen}`;
  return problems.length === 0 ? pass(detail) : fail(`${problems.join('; ')}; ${detail}`);
}

/** Telegram answers a chat about once a second, and a bot's bulk sends about 30 a second. */
export const MAX_USER_RATE_PER_MINUTE = 60;
export const MAX_BROADCAST_RATE_PER_SECOND = 30;

/**
 * The limiter values are sane for Telegram's limits and reach the clone workers (each running
 * worker's environment carries them; its limiter reads them at start).
 */
export async function checkRateLimit(inputs: ReadinessInputs, snapshot: ProcessSnapshot): Promise<CheckResult> {
  const { config } = inputs;
  const problems: string[] = [];
  if (config.userRatePerMinute > MAX_USER_RATE_PER_MINUTE) problems.push(`USER_RATE_PER_MINUTE=${config.userRatePerMinute} lets one user through faster than a bot may answer one chat (${MAX_USER_RATE_PER_MINUTE}/min)`);
  if (config.broadcastRatePerSecond > MAX_BROADCAST_RATE_PER_SECOND) problems.push(`BROADCAST_RATE_PER_SECOND=${config.broadcastRatePerSecond} is above Telegram's ~${MAX_BROADCAST_RATE_PER_SECOND}/s per bot: broadcasts will hit 429`);
  const workers = workersOf(snapshot).filter(online);
  const expected = { USER_RATE_PER_MINUTE: String(config.userRatePerMinute), BROADCAST_RATE_PER_SECOND: String(config.broadcastRatePerSecond) };
  for (const w of workers) {
    for (const [name, value] of Object.entries(expected)) {
      if (w.env[name] !== value) problems.push(`${w.name} runs with ${name}=${w.env[name] ?? '(unset: the worker\'s default)'}, configured ${value}`);
    }
  }
  const wired = !snapshot.reachable
    ? `${unreachable(snapshot)}: the workers' values were not seen`
    : workers.length === 0
      ? 'no clone worker runs: the values workers get were not seen'
      : `${plural(workers.length, 'running worker')}: both values in ${workers.length === 1 ? 'its' : 'each one\'s'} PM2 environment`;
  const detail = `USER_RATE_PER_MINUTE=${config.userRatePerMinute} (at most ${MAX_USER_RATE_PER_MINUTE}), BROADCAST_RATE_PER_SECOND=${config.broadcastRatePerSecond} (at most ${MAX_BROADCAST_RATE_PER_SECOND}); ${wired}`;
  return problems.length === 0 ? pass(detail) : fail(`${listSome(problems)}; ${detail}`);
}

/**
 * Nothing left behind by stopped or deleted clones and by a stopped `npm start`: no worker of a
 * deleted or unknown clone in PM2, no runtime file (a clone's key) of one on disk, no private
 * PM2 daemon of `npm start` running while no mother holds the clone-manager lease.
 */
export async function checkNoLeftovers(inputs: ReadinessInputs, snapshot: ProcessSnapshot): Promise<CheckResult> {
  const { config, now } = inputs;
  const db = dbOf(inputs);
  const clones = await cloneModel(db).find({}, { deletedAt: 1 }).lean();
  const live = new Set(clones.filter((c) => !c.deletedAt).map((c) => c._id));
  const problems: string[] = [];
  const workers = workersOf(snapshot);
  const orphans = workers.filter((w) => online(w) && !live.has(w.cloneId));
  if (orphans.length > 0) problems.push(`worker(s) of deleted or unknown clones still run: ${listSome(orphans.map((w) => w.name))}`);
  const runDir = join(config.dataDir, 'run', 'clones');
  const files = existsSync(runDir) ? readdirSync(runDir).filter((f) => f.endsWith('.json')) : [];
  const stale = files.filter((f) => !live.has(f.replace(/\.json$/, '')));
  if (stale.length > 0) problems.push(`runtime file(s) (a clone's key) of deleted or unknown clones in ${runDir}: ${listSome(stale)}`);
  const lease = await leaseModel(db).findById('clone-manager').lean();
  const motherRuns = Boolean(lease && lease.until.getTime() >= now.getTime());
  if (snapshot.private && snapshot.reachable && !motherRuns) problems.push(`the PM2 daemon of \`npm start\` (${snapshot.home}) runs while no mother does: left behind`);
  const detail =
    `${snapshot.reachable ? `${plural(workers.length, 'clone process', 'clone processes')} in PM2 at ${snapshot.home}` : unreachable(snapshot)}, ` +
    `${plural(files.length, 'runtime file')} in ${runDir}, against ${live.size} clone(s) not deleted; the mother ${motherRuns ? 'runs (clone-manager lease current)' : 'does not run'}`;
  return problems.length === 0 ? pass(`${detail}: nothing left behind`) : fail(`${problems.join('; ')}; ${detail}`);
}
