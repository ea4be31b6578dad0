import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, relative, resolve } from 'node:path';
import { DAY_MS } from '@motherbot/core';
import { fail, listSome, pass, platformProcesses, type CheckResult, type ProcessSnapshot, type ReadinessInputs } from './inputs';
import { PROBE_PREFIX, megabytes, parseSize } from './logFiles';
import { filesUnder, withRotatedSiblings } from './secretScan';

/** pm2-logrotate's own defaults, used when its settings were never changed. */
export const PM2_LOGROTATE_DEFAULTS: Readonly<Record<string, string>> = { max_size: '10M', retain: '30', compress: 'false', rotateInterval: '0 0 * * *' };

/** A file may outgrow its rotation size by this factor before we call it "not rotated" (rotation is checked periodically). */
const SIZE_SLACK = 3;

interface DailyStream {
  stem: string;
  files: string[];
  keepDays: boolean;
  keepAmount: number;
}

/** The logger's daily streams in LOG_DIR, each described by its winston-daily-rotate-file audit file. */
function dailyStreams(logFiles: readonly string[]): { streams: DailyStream[]; problems: string[] } {
  const streams: DailyStream[] = [];
  const problems: string[] = [];
  for (const audit of logFiles.filter((f) => /^\..+-audit\.json$/.test(basename(f)))) {
    const stem = basename(audit).replace(/^\./, '').replace(/-audit\.json$/, '');
    try {
      const parsed = JSON.parse(readFileSync(audit, 'utf8')) as { keep?: { days?: boolean; amount?: number }; files?: Array<{ name?: string }> };
      const own = new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d{4}-\\d\\d-\\d\\d\\.log(\\.\\d+)?(\\.gz)?$`);
      const listed = (parsed.files ?? []).map((f) => resolve(dirname(audit), basename(f.name ?? '')));
      const files = logFiles.filter((f) => dirname(f) === dirname(audit) && (own.test(basename(f)) || listed.includes(resolve(f))));
      streams.push({ stem, files, keepDays: parsed.keep?.days === true, keepAmount: Number(parsed.keep?.amount ?? 0) });
    } catch (error) {
      problems.push(`${audit} unreadable (${(error as Error).message})`);
    }
  }
  return { streams, problems };
}

const newest = (files: readonly string[]): number => Math.max(0, ...files.map((f) => statSync(f).size));

/**
 * Every log stream of the installation rotates and is cleaned up: the logger's daily files in
 * LOG_DIR (by their audit file's retention and LOG_MAX_SIZE), and every file PM2 writes for a
 * platform process (PM2_HOME/logs, out_file/error_file elsewhere) by pm2-logrotate installed in
 * the PM2 home the platform uses. A file nothing rotates fails the check, by name.
 */
export async function checkLogRotation(inputs: ReadinessInputs, snapshot: ProcessSnapshot): Promise<CheckResult> {
  const { config, now } = inputs;
  const seen: string[] = [];
  const problems: string[] = [];
  const logDir = resolve(config.logDir);
  const inLogDir = filesUnder(logDir).filter((f) => !basename(f).startsWith(PROBE_PREFIX)).map((f) => resolve(f));

  const { streams, problems: auditProblems } = dailyStreams(inLogDir);
  problems.push(...auditProblems);
  const maxSize = parseSize(config.logMaxSize);
  for (const stream of streams) {
    if (stream.files.length === 0) continue;
    const oldest = Math.min(...stream.files.map((f) => statSync(f).mtimeMs));
    const ageDays = (now.getTime() - oldest) / DAY_MS;
    const kept = stream.keepDays ? `${stream.keepAmount} days` : `${stream.keepAmount} files`;
    seen.push(`${stream.stem}: ${stream.files.length} daily file(s) in LOG_DIR, oldest ${ageDays.toFixed(1)} days, largest ${megabytes(newest(stream.files))} (kept ${kept}, rotated at ${config.logMaxSize})`);
    if (!(stream.keepAmount > 0)) problems.push(`${stream.stem}: its audit file keeps no limit`);
    else if (stream.keepDays && ageDays > stream.keepAmount + 1) problems.push(`${stream.stem}: a file ${ageDays.toFixed(0)} days old outlived the ${stream.keepAmount}-day retention`);
    else if (!stream.keepDays && stream.files.length > stream.keepAmount + 1) problems.push(`${stream.stem}: ${stream.files.length} files kept, more than ${stream.keepAmount}`);
    if (maxSize && newest(stream.files) > SIZE_SLACK * maxSize) problems.push(`${stream.stem}: a file of ${megabytes(newest(stream.files))} outgrew LOG_MAX_SIZE=${config.logMaxSize}`);
  }
  const daily = new Set(streams.flatMap((s) => s.files));
  const audits = new Set(inLogDir.filter((f) => /^\..+-audit\.json$/.test(basename(f))));

  // Everything else that is written as logs is PM2's: its own directory, the processes' out/error files,
  // and any other file in LOG_DIR (a worker's out_file, or a stray nothing rotates).
  const pm2Files = new Set<string>([
    ...filesUnder(snapshot.logDir).map((f) => resolve(f)),
    ...platformProcesses(snapshot).flatMap((p) => p.logFiles.flatMap(withRotatedSiblings)).map((f) => resolve(f)),
    ...inLogDir.filter((f) => !daily.has(f) && !audits.has(f)),
  ]);
  if (pm2Files.size > 0) {
    const rotation = snapshot.logRotation;
    const settings = { ...PM2_LOGROTATE_DEFAULTS, ...rotation.settings };
    const rotateAt = parseSize(settings.max_size);
    const retain = Number(settings.retain);
    const label = (f: string): string => (f.startsWith(logDir) ? `LOG_DIR/${relative(logDir, f)}` : f.startsWith(snapshot.home) ? `PM2_HOME/${relative(snapshot.home, f)}` : f);
    const largest = [...pm2Files].map((f) => ({ f, size: statSync(f).size })).sort((a, b) => b.size - a.size);
    const where = `${pm2Files.size} PM2 log file(s) (${listSome(largest.map((l) => `${label(l.f)} ${megabytes(l.size)}`), 3)})`;
    if (!rotation.installed) {
      problems.push(`${where}: ${rotation.problems?.[0] ?? `${rotation.module} is not installed in ${snapshot.home} (\`PM2_HOME=${snapshot.home} pm2 install ${rotation.module}\`)`}`);
    } else {
      const running = snapshot.reachable ? (rotation.running ? 'running' : 'NOT running') : 'daemon not running, so not seen running';
      seen.push(`${where}: ${rotation.module} installed in ${snapshot.home}, ${running}, max_size ${settings.max_size}, retain ${settings.retain}`);
      if (rotation.problems) problems.push(...rotation.problems);
      else {
        if (snapshot.reachable && !rotation.running) problems.push(`${rotation.module} is installed but its process does not run in the daemon of ${snapshot.home}`);
        if (!rotateAt) problems.push(`${rotation.module} max_size "${settings.max_size}" is not a size`);
        if (!(retain > 0)) problems.push(`${rotation.module} retain "${settings.retain}" keeps every rotated file forever`);
      }
      const outgrown = largest.filter((l) => rotateAt && l.size > SIZE_SLACK * rotateAt);
      if (outgrown.length > 0) problems.push(`not rotated: ${listSome(outgrown.map((l) => `${label(l.f)} ${megabytes(l.size)}`))} above max_size ${settings.max_size}`);
    }
  } else {
    seen.push(`no PM2 log file in ${snapshot.logDir} or LOG_DIR`);
  }
  if (streams.length === 0 && pm2Files.size === 0) return fail(`no log file at all in LOG_DIR ${logDir} or ${snapshot.logDir}: nothing shows where logs go`);
  return problems.length === 0 ? pass(seen.join('; ')) : fail([...problems, ...seen].join('; '));
}
