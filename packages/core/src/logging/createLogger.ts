import { mkdirSync } from 'node:fs';
import winston from 'winston';
import type DailyRotateFileType from 'winston-daily-rotate-file';
import { AppError } from '../errors';
import { jsonLine, prettyLine, redactFormat, type LineFormat } from './lineFormats';

export type Logger = winston.Logger;

export interface LoggerOptions {
  /** Process label written on every line: `mother`, `clone:<id>`, `backup`… */
  label: string;
  /** Directory of daily-rotated JSON files; set, the logger writes there (and to no stream). */
  logDir?: string;
  level?: string;
  /** Rotation size of the daily files (e.g. `20m`) and retention (`14d` or a count). */
  maxSize?: string;
  maxFiles?: string;
  /**
   * Write each entry as a line to `stream` (default stdout) in `format`. With `logDir` set this
   * is refused: one logger writes one stream, never the same lines twice.
   */
  console?: boolean;
  /** Line format of the stream: `json` (production, PM2's files) or `pretty` (people; the default). */
  format?: LineFormat;
  /** Where stream lines go; default process.stdout (every level: one stream, in order). */
  stream?: NodeJS.WritableStream;
}

/** A logger asked to write both the daily files and a stream. */
export class LoggerOptionsError extends AppError {
  constructor(label: string) {
    super('LOGGER_OPTIONS', `logger ${label}: daily files and a stream at once would write every line twice`, { label });
  }
}

const fileSafe = (label: string): string => label.replace(/[^A-Za-z0-9_.-]+/g, '-');

/** Daily files by transport, so closeLogger can find them without loading the module. */
const fileTransports = new WeakSet<object>();

function dailyFiles(options: LoggerOptions & { logDir: string }): winston.transport {
  mkdirSync(options.logDir, { recursive: true });
  // Loaded only where files are written (LOG_OUTPUT=files, ops commands): a process that logs
  // to stdout, as every PM2 process does, skips its ~20 ms and ~1 MB at start.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const DailyRotateFile = require('winston-daily-rotate-file') as typeof DailyRotateFileType;
  const transport = new DailyRotateFile({
    dirname: options.logDir,
    filename: `${fileSafe(options.label)}-%DATE%.log`,
    datePattern: 'YYYY-MM-DD',
    zippedArchive: true,
    maxSize: options.maxSize ?? '20m',
    maxFiles: options.maxFiles ?? '14d',
    auditFile: `${options.logDir}/.${fileSafe(options.label)}-audit.json`,
    format: jsonLine(),
  });
  fileTransports.add(transport);
  return transport;
}

function lineStream(options: LoggerOptions): winston.transport {
  const stream = options.stream ?? process.stdout;
  const format = options.format ?? 'pretty';
  const colours = format === 'pretty' && (stream as NodeJS.WriteStream).isTTY === true;
  return new winston.transports.Stream({ stream, format: format === 'json' ? jsonLine() : prettyLine(colours) });
}

/**
 * Creates a logger whose every line is labelled, timestamped and redacted, written to exactly
 * one place: daily-rotated JSON files under `logDir`, or a stream (stdout) as JSON or readable
 * lines, or nowhere (tests that only need a logger). Processes choose through
 * {@link createProcessLogger}, which follows LOG_OUTPUT and NODE_ENV.
 */
export function createLogger(options: LoggerOptions): Logger {
  if (options.logDir && options.console) {
    throw new LoggerOptionsError(options.label);
  }
  const base = winston.format.combine(
    winston.format.errors({ stack: true }),
    winston.format.splat(),
    winston.format.timestamp(),
    winston.format.label({ label: options.label, message: false }),
    redactFormat(),
  );
  const transport = options.logDir
    ? dailyFiles({ ...options, logDir: options.logDir })
    : options.console
      ? lineStream(options)
      : new winston.transports.Console({ silent: true });
  return winston.createLogger({ level: options.level ?? 'info', format: base, transports: [transport], exitOnError: false });
}

/**
 * Ends the logger and resolves when every file is flushed. The rotate transport's own
 * `finish` fires before its file stream has written (it only buffered), so after the logger
 * has finished we close each file transport and wait for its file stream's callback. Stream
 * lines need nothing more: stdout to a file or a pipe (PM2) is written synchronously on Linux.
 */
export async function closeLogger(logger: Logger, timeoutMs = 3000): Promise<void> {
  // A line logged after this (a late callback during shutdown) is dropped: an ended stream
  // would otherwise emit "write after end" with nobody listening, and crash the process.
  logger.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'ERR_STREAM_WRITE_AFTER_END') process.stderr.write(`logger failed: ${error.message}\n`);
  });
  const files = logger.transports.filter((t): t is DailyRotateFileType => fileTransports.has(t));
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
