import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { platformProcesses, type ProcessSnapshot, type ReadinessInputs } from './inputs';
import { filesUnder, withRotatedSiblings } from './secretScan';

/**
 * Every log file of the installation: LOG_DIR (the logger's daily files), the supervisor's log
 * directory and daemon log (PM2_HOME/logs, pm2.log), and the stdout/stderr files of each
 * platform process wherever they are, with their rotated copies.
 */
export function installationLogFiles(inputs: ReadinessInputs, snapshot: ProcessSnapshot): { files: string[]; where: string[] } {
  const found = new Set<string>();
  const where: string[] = [];
  const add = (paths: string[], label?: string): void => {
    const before = found.size;
    for (const p of paths) found.add(resolve(p));
    if (label) where.push(`${label} (${found.size - before})`);
  };
  add(filesUnder(inputs.config.logDir).filter(isLog), `LOG_DIR ${resolve(inputs.config.logDir)}`);
  add(filesUnder(snapshot.logDir), `${snapshot.logDir}`);
  const daemonLog = join(snapshot.home, 'pm2.log');
  if (existsSync(daemonLog)) add([daemonLog], daemonLog);
  add(platformProcesses(snapshot).flatMap((p) => p.logFiles.flatMap(withRotatedSiblings)), 'the platform processes\' PM2 log files');
  return { files: [...found].sort(), where };
}

/** One line of the mother's logs: when (if the line says), what, and where it was read. */
export interface LogEntry {
  at: Date | null;
  message: string;
  file: string;
}

/** Parses a JSON log line (production) or a readable one (`2026-01-01T… mother info: …`). */
export function parseLogLine(line: string, file: string): LogEntry | null {
  const text = line.trim();
  if (!text) return null;
  if (text.startsWith('{')) {
    try {
      const entry = JSON.parse(text) as { message?: unknown; timestamp?: unknown; time?: unknown };
      const stamp = typeof entry.timestamp === 'string' ? entry.timestamp : typeof entry.time === 'string' ? entry.time : '';
      return { at: stamp && !Number.isNaN(Date.parse(stamp)) ? new Date(stamp) : null, message: typeof entry.message === 'string' ? entry.message : text, file };
    } catch {
      // not JSON after all: read as text
    }
  }
  const stamp = /(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)/.exec(text.slice(0, 60));
  return { at: stamp?.[1] ? new Date(stamp[1]) : null, message: text, file };
}

/** At most this much of the end of each file is read: the newest lines are the ones that matter. */
const TAIL_BYTES = 8 * 2 ** 20;

function readLines(file: string): string[] {
  let data: Buffer;
  if (file.endsWith('.gz')) {
    data = gunzipSync(readFileSync(file));
  } else {
    const size = statSync(file).size;
    const length = Math.min(size, TAIL_BYTES);
    data = Buffer.alloc(length);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, data, 0, length, size - length);
    } finally {
      closeSync(fd);
    }
  }
  const lines = data.subarray(Math.max(0, data.length - TAIL_BYTES)).toString('utf8').split('\n');
  // A tail starts mid-line: drop the partial first line.
  return data.length > TAIL_BYTES || (!file.endsWith('.gz') && statSync(file).size > TAIL_BYTES) ? lines.slice(1) : lines;
}

/** Files the log-dir-writable check writes and removes at once: never a log. */
export const PROBE_PREFIX = '.readiness-';
const isLog = (file: string): boolean => !basename(file).startsWith(PROBE_PREFIX);

/** Whether the mother runs as PM2's `motherbot` now (then its log is PM2's out file; under `npm start` it is the terminal). */
export const motherUnderPm2 = (snapshot: ProcessSnapshot): boolean => snapshot.processes.some((p) => p.name === 'motherbot' && p.status === 'online');

/**
 * The mother's log lines, oldest first: the files PM2 keeps for `motherbot` (its out and error
 * files, rotated ones too, also when PM2 does not run now), and its daily files in LOG_DIR
 * (LOG_OUTPUT=files). Lines without a time keep their file's order.
 */
export function motherLogEntries(inputs: ReadinessInputs, snapshot: ProcessSnapshot): { entries: LogEntry[]; files: string[] } {
  const logDirFiles = filesUnder(inputs.config.logDir).filter((f) => /^(mother-|motherbot-(out|error))/.test(basename(f)) && /\.log(\.gz)?$|\.log\.\d+$/.test(f));
  const pm2Files = snapshot.processes.filter((p) => p.name === 'motherbot').flatMap((p) => p.logFiles.flatMap(withRotatedSiblings));
  const files = [...new Set([...logDirFiles, ...pm2Files].map((f) => resolve(f)))];
  const entries: LogEntry[] = [];
  for (const file of files) {
    try {
      for (const line of readLines(file)) {
        const entry = parseLogLine(line, file);
        if (entry) entries.push(entry);
      }
    } catch {
      // a file rotated away between listing and reading
    }
  }
  // Stable sort: timed lines by time, untimed ones stay after the line before them.
  let last = 0;
  const keyed = entries.map((e) => {
    last = e.at ? e.at.getTime() : last;
    return { e, key: last };
  });
  keyed.sort((a, b) => a.key - b.key);
  return { entries: keyed.map((k) => k.e), files };
}

/** `20m`, `10M`, `1g`, `500k`, `1024` → bytes; undefined when it is not a size. */
export function parseSize(text: string | undefined): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)b?\s*$/i.exec(text ?? '');
  if (!match?.[1]) return undefined;
  const unit = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30 }[(match[2] ?? '').toLowerCase() as '' | 'k' | 'm' | 'g'];
  return Math.round(Number(match[1]) * unit);
}

export const megabytes = (bytes: number): string => (bytes >= 2 ** 20 ? `${(bytes / 2 ** 20).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);
