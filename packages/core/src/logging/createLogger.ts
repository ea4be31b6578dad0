import { mkdirSync } from 'node:fs';
import winston from 'winston';
import DailyRotateFile from 'winston-daily-rotate-file';
import { redactText, redactValue } from './redact';

export type Logger = winston.Logger;

export interface LoggerOptions {
  /** Process label written on every line: `mother`, `clone:<id>`, `backup`… */
  label: string;
  /** Directory of the rotated JSON files; omit for console only. */
  logDir?: string;
  level?: string;
  /** Rotation size (e.g. `20m`) and retention (`14d` or a count). */
  maxSize?: string;
  maxFiles?: string;
  /** Human-readable console output (development). Off: console stays silent. */
  console?: boolean;
}

/**
 * The redaction step. Runs after `errors()` has copied stacks onto the entry, so message,
 * metadata and stacks all pass through it; the splat array is redacted too, in case a
 * formatter after us reads it.
 */
const redactFormat = winston.format((info) => {
  for (const key of Object.keys(info)) {
    (info as Record<string, unknown>)[key] = redactValue((info as Record<string, unknown>)[key]);
  }
  const splat = Symbol.for('splat');
  const record = info as unknown as Record<symbol, unknown>;
  if (Array.isArray(record[splat])) record[splat] = redactValue(record[splat]);
  if (typeof info.message === 'string') info.message = redactText(info.message);
  return info;
});

const fileSafe = (label: string): string => label.replace(/[^A-Za-z0-9_.-]+/g, '-');

/**
 * Creates a process logger: JSON lines in daily-rotated, size- and age-capped, gzipped files
 * under `logDir`, optional readable console output, every line labelled and redacted.
 */
export function createLogger(options: LoggerOptions): Logger {
  const base = winston.format.combine(
    winston.format.errors({ stack: true }),
    winston.format.splat(),
    winston.format.timestamp(),
    winston.format.label({ label: options.label, message: false }),
    redactFormat(),
  );
  const transports: winston.transport[] = [];
  if (options.logDir) {
    mkdirSync(options.logDir, { recursive: true });
    transports.push(
      new DailyRotateFile({
        dirname: options.logDir,
        filename: `${fileSafe(options.label)}-%DATE%.log`,
        datePattern: 'YYYY-MM-DD',
        zippedArchive: true,
        maxSize: options.maxSize ?? '20m',
        maxFiles: options.maxFiles ?? '14d',
        auditFile: `${options.logDir}/.${fileSafe(options.label)}-audit.json`,
        format: winston.format.json(),
      }),
    );
  }
  if (options.console) {
    transports.push(
      new winston.transports.Console({
        format: winston.format.combine(
          winston.format.colorize(),
          winston.format.printf(({ level, message, label, timestamp, stack, ...rest }) => {
            const meta = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
            return `${String(timestamp)} ${String(label)} ${level}: ${String(message)}${meta}${stack ? `\n${String(stack)}` : ''}`;
          }),
        ),
      }),
    );
  }
  if (transports.length === 0) transports.push(new winston.transports.Console({ silent: true }));
  return winston.createLogger({ level: options.level ?? 'info', format: base, transports, exitOnError: false });
}

/**
 * Ends the logger and resolves when every file is flushed. The rotate transport's own
 * `finish` fires before its file stream has written (it only buffered), so after the logger
 * has finished we close each file transport and wait for its file stream's callback.
 */
export async function closeLogger(logger: Logger, timeoutMs = 3000): Promise<void> {
  const files = logger.transports.filter((t): t is DailyRotateFile => t instanceof DailyRotateFile);
  const done = (async () => {
    await new Promise<void>((resolve) => {
      logger.once('finish', () => resolve());
      logger.end();
    });
    await Promise.all(
      files.map(
        (t) =>
          new Promise<void>((resolve) => {
            const stream = (t as unknown as { logStream?: NodeJS.WritableStream & { writableFinished?: boolean } }).logStream;
            if (!stream || stream.writableFinished) return resolve();
            stream.end(() => resolve());
          }),
      ),
    );
  })();
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([done, new Promise((r) => { timer = setTimeout(r, timeoutMs); })]);
  clearTimeout(timer);
}
