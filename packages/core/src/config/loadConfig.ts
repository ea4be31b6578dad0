import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import convict from 'convict';
import { ConfigError } from '../errors';
import { isLoopback } from '../net/isLoopback';
import { configSchema, type AppConfig, type ConfigShape } from './schema';

export interface LoadConfigOptions {
  /** Environment to read; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Optional dotenv file; values in `env` win over it. Defaults to `.env` in the working directory. */
  envFile?: string | null;
  /** Base for relative DATA_DIR / LOG_DIR; defaults to the working directory. */
  cwd?: string;
  /**
   * Apply the production rules (BOT_TOKEN and MASTER_KEY set, real Bot API, TLS). Default true;
   * a clone worker passes false: it is given neither secret (the mother, which checked them,
   * started it), so with the rules no worker could start in production.
   */
  productionRules?: boolean;
}

const envNameOf = (key: string): string => {
  const entry = (configSchema as unknown as Record<string, { env?: string }>)[key];
  return entry?.env ?? key;
};

/**
 * Turns convict's multi-line validation error into one line per the operator's needs:
 * the variable's name and what it expects. Values are never echoed (some are secrets).
 */
function toConfigError(error: Error): ConfigError {
  const problems = error.message
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const match = /^([\w.]+): (.*?)(?:: value was .*)?$/.exec(line);
      const key = match?.[1] ?? 'unknown';
      const expected = (match?.[2] ?? line).replace(/^must be /, '');
      return { variable: envNameOf(key), expected };
    });
  const text = problems.map((p) => `${p.variable} must be ${p.expected}`).join('; ');
  return new ConfigError(`Invalid configuration: ${text}`, problems);
}

/** Whether a URL points at this machine (its IPv6 host comes bracketed: `[::1]`). */
const isLoopbackUrl = (url: string): boolean => {
  try {
    return isLoopback(new URL(url).hostname.replace(/^\[(.*)\]$/, '$1'));
  } catch {
    return false;
  }
};

/** Whether a MongoDB URI uses TLS, or points at this host (where TLS adds nothing). */
export function mongoUriIsSafe(uri: string): boolean {
  if (uri.startsWith('mongodb+srv://')) return !/[?&](tls|ssl)=false/.test(uri);
  if (/[?&](tls|ssl)=true/.test(uri)) return true;
  const hosts = uri.replace(/^mongodb:\/\/([^@/]*@)?/, '').split(/[/?]/)[0] ?? '';
  return hosts.split(',').every((h) => /^(localhost|127\.[\d.]+|\[::1\])(:\d+)?$/.test(h));
}

/** Rules across variables that convict's per-field formats cannot express. */
function productionProblems(config: AppConfig): Array<{ variable: string; expected: string }> {
  if (config.nodeEnv !== 'production') return [];
  const problems: Array<{ variable: string; expected: string }> = [];
  if (!config.botToken) problems.push({ variable: 'BOT_TOKEN', expected: 'set in production (a token from @BotFather)' });
  if (!config.masterKey) problems.push({ variable: 'MASTER_KEY', expected: 'set in production (e.g. `openssl rand -base64 32`)' });
  if (isLoopbackUrl(config.telegramApiRoot)) {
    problems.push({ variable: 'TELEGRAM_API_ROOT', expected: 'the real Bot API in production, not a local sandbox' });
  }
  if (config.webhookBaseUrl && !config.webhookBaseUrl.startsWith('https://')) {
    problems.push({ variable: 'WEBHOOK_BASE_URL', expected: 'an https:// address in production (Telegram delivers webhooks over TLS only)' });
  }
  if (config.mongodbUri && !mongoUriIsSafe(config.mongodbUri)) {
    problems.push({ variable: 'MONGODB_URI', expected: 'a TLS connection (tls=true or mongodb+srv) unless the database is on loopback' });
  }
  return problems;
}

/**
 * Reads and validates the configuration once, at start. Throws a {@link ConfigError} whose
 * message is a single line naming every bad variable; nothing else in the process reads
 * `process.env` for settings.
 */
export function loadConfig(options: LoadConfigOptions = {}): AppConfig {
  const cwd = options.cwd ?? process.cwd();
  const envFile = options.envFile === undefined ? resolve(cwd, '.env') : options.envFile;
  const fromFile = envFile && existsSync(envFile) ? parseEnv(readFileSync(envFile, 'utf8')) : {};
  const env = { ...fromFile, ...(options.env ?? process.env) };

  const config = convict<ConfigShape>(configSchema, { env, args: [] });
  try {
    config.validate({ allowed: 'strict' });
  } catch (error) {
    throw toConfigError(error as Error);
  }
  const values = config.getProperties();
  const resolved: AppConfig = {
    ...values,
    dataDir: isAbsolute(values.dataDir) ? values.dataDir : resolve(cwd, values.dataDir),
    logDir: isAbsolute(values.logDir) ? values.logDir : resolve(cwd, values.logDir),
  };
  const problems = options.productionRules === false ? [] : productionProblems(resolved);
  if (problems.length > 0) {
    throw new ConfigError(
      `Invalid configuration: ${problems.map((p) => `${p.variable} must be ${p.expected}`).join('; ')}`,
      problems,
    );
  }
  return Object.freeze(resolved);
}

/**
 * Entry-point helper: load the config or print the one-line reason and exit non-zero.
 * Only for `main` functions; libraries call {@link loadConfig}.
 */
export function loadConfigOrExit(options: LoadConfigOptions = {}): AppConfig {
  try {
    return loadConfig(options);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}
