import { join } from 'node:path';
import type { AppConfig } from '../config/schema';
import { createLogger, type Logger, type LoggerOptions } from './createLogger';

/** The settings that decide where and how a process logs. */
export type ProcessLogSettings = Pick<AppConfig, 'nodeEnv' | 'logOutput' | 'logDir' | 'logLevel' | 'logMaxSize' | 'logMaxFiles'>;

/**
 * Where a process's log goes, decided once from the configuration:
 * - `LOG_OUTPUT=stdout` (the default): every entry is one line on stdout, JSON in production and
 *   readable otherwise. Under PM2 stdout is the process's out file, so `pm2 logs <name>` shows
 *   the log, pm2-logrotate rotates it, and nothing else writes it a second time.
 * - `LOG_OUTPUT=files`: daily JSON files under LOG_DIR (`subdir` below it), nothing on stdout,
 *   for running outside PM2.
 */
export function processLoggerOptions(settings: ProcessLogSettings, label: string, subdir?: string): LoggerOptions {
  const common = { label, level: settings.logLevel };
  if (settings.logOutput === 'files') {
    return { ...common, logDir: subdir ? join(settings.logDir, subdir) : settings.logDir, maxSize: settings.logMaxSize, maxFiles: settings.logMaxFiles };
  }
  return { ...common, console: true, format: settings.nodeEnv === 'production' ? 'json' : 'pretty' };
}

/** The logger of a process's entry point (mother, clone worker, embedded database, scripts). */
export function createProcessLogger(settings: ProcessLogSettings, label: string, subdir?: string): Logger {
  return createLogger(processLoggerOptions(settings, label, subdir));
}
