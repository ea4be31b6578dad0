import { alertModel, cloneModel, leaseModel } from '@motherbot/core';
import { ago, dbOf, fail, listSome, pass, type CheckResult, type ProcessSnapshot, type ReadinessInputs } from './inputs';
import { motherLogEntries, type LogEntry } from './logFiles';

/** The line the mother logs when a signal starts its shutdown (runtime/shutdown.ts). */
const SHUTDOWN_STARTED = /(SIGTERM|SIGINT|SIGHUP)[^\n]*received: shutting down/;
/** Lines that say a shutdown did not finish: its deadline, a failure, a second signal. */
const SHUTDOWN_FAILED = /shutdown did not finish|shutdown failed|again while stopping|exiting now/i;
/** Lines of a (re)start: a shutdown's lines end there. */
const STARTED = /database connected|mother ready|mother bot polling/;

/** The last shutdown in the mother's logs, and the lines of it that say it failed. */
function lastShutdown(entries: readonly LogEntry[]): { start: LogEntry; failures: LogEntry[] } | undefined {
  let index = -1;
  entries.forEach((e, i) => {
    if (SHUTDOWN_STARTED.test(e.message)) index = i;
  });
  const start = entries[index];
  if (!start) return undefined;
  const failures: LogEntry[] = [];
  for (const entry of entries.slice(index + 1)) {
    if (STARTED.test(entry.message)) break;
    if (SHUTDOWN_FAILED.test(entry.message)) failures.push(entry);
  }
  return { start, failures };
}

/** The latest moment a mother was seen at work: the clone manager's observations of workers, the watchers' alert checks. */
async function lastSeenRunning(inputs: ReadinessInputs): Promise<Date | undefined> {
  const db = dbOf(inputs);
  const [clone] = await cloneModel(db).find({ 'runtime.observedAt': { $ne: null } }, { runtime: 1 }).sort({ 'runtime.observedAt': -1 }).limit(1).lean();
  const [alert] = await alertModel(db).find({}, { lastSeenAt: 1 }).sort({ lastSeenAt: -1 }).limit(1).lean();
  const times = [clone?.runtime?.observedAt, alert?.lastSeenAt].filter((t): t is Date => t instanceof Date);
  return times.length > 0 ? new Date(Math.max(...times.map((t) => t.getTime()))) : undefined;
}

const when = (entry: LogEntry, now: Date): string => (entry.at ? `${entry.at.toISOString()} (${ago(entry.at, now)})` : 'at an unknown time');

/**
 * The last stop of the mother was clean. A mother that finishes its shutdown releases the
 * clone-manager lease and exits 0; one killed half-way (PM2's kill_timeout, its database gone
 * first) leaves the lease to expire, and PM2 records its exit code or SIGKILL. The mother's logs
 * say when the last shutdown began and whether it hit its deadline or failed. No shutdown on
 * record proves nothing: fail.
 */
export async function checkLastShutdown(inputs: ReadinessInputs, snapshot: ProcessSnapshot): Promise<CheckResult> {
  const { now } = inputs;
  const lease = await leaseModel(dbOf(inputs)).findById('clone-manager').lean();
  const { entries, files } = motherLogEntries(inputs, snapshot);
  const exits = snapshot.exits.filter((e) => e.name === 'motherbot');
  const exit = exits.at(-1);
  const looked =
    `clone-manager lease ${lease ? `held by ${lease.holder} until ${lease.until.toISOString()}` : 'absent (released)'}; ` +
    `${entries.length} line(s) of the mother's logs (${listSome(files, 3) || 'no file'}); ${exits.length} exit(s) of motherbot in ${snapshot.exitsSource}`;
  if (lease && lease.until.getTime() < now.getTime()) {
    return fail(`the lease of mother ${lease.holder} expired at ${lease.until.toISOString()} and was never released: the last mother stopped without finishing its shutdown (killed, or its database stopped first); ${looked}`);
  }
  if (exit && exit.code !== 0) {
    return fail(`PM2 recorded the last exit of motherbot${exit.at ? ` at ${exit.at.toISOString()}` : ''} with code ${exit.code ?? 'none'} via ${exit.signal}: not a clean shutdown; ${looked}`);
  }
  // A released lease after a mother that ran (it recorded what it observed of the clones, or
  // what its watchers saw) is that shutdown's own record, also when its log is not in a file
  // (under `npm start` the mother logs to its terminal).
  const lastRun = lease ? undefined : await lastSeenRunning(inputs);
  let shutdown = lastShutdown(entries);
  const staleLog = shutdown?.start.at && lastRun && shutdown.start.at.getTime() < lastRun.getTime() ? shutdown : undefined;
  if (staleLog) shutdown = undefined;
  const last = shutdown?.failures.at(-1);
  if (shutdown && last) return fail(`the last shutdown, begun ${when(shutdown.start, now)}, did not finish cleanly: "${last.message.slice(0, 160)}"; ${looked}`);
  if (!shutdown && !exit && !lastRun) return fail(`no shutdown of the mother on record: stop it once (\`pm2 restart motherbot\`, or Ctrl-C on \`npm start\`) to prove a clean one; ${looked}`);
  const seen = [
    lastRun && !shutdown ? `the last mother, last seen running at ${lastRun.toISOString()} (${ago(lastRun, now)}, its latest write to clones/alerts), released the lease when it stopped` : '',
    staleLog ? `the newest shutdown in the log files (${when(staleLog.start, now)}) is older: that mother logged elsewhere (a terminal)` : '',
    shutdown ? `last shutdown begun ${when(shutdown.start, now)} with no deadline, failure or second signal after it` : '',
    exit ? `PM2 saw motherbot exit with code 0${exit.at ? ` at ${exit.at.toISOString()}` : ''}` : '',
    lease ? 'the mother runs again now' : shutdown ? 'the lease was released' : '',
  ].filter(Boolean);
  return pass(`${seen.join(', ')}; ${looked}`);
}
