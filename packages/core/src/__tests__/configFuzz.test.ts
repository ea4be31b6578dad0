import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../errors';
import { loadConfig } from '../config/loadConfig';
import { configSchema } from '../config/schema';

/**
 * Every variable of the schema, set to wrong types and edge values. A wrong value
 * must give a ConfigError whose message is one line, names the variable, and never echoes the
 * value; an edge value may be accepted, but if refused, the same rules hold. No other kind of
 * exception, ever. The variables are read from the schema, so a new one is covered at once.
 */

type Entry = { env?: string; format?: unknown; sensitive?: boolean; default?: unknown };
const entries = Object.entries(configSchema as unknown as Record<string, Entry>).filter(([, e]) => typeof e.env === 'string');

const HUGE = '9'.repeat(40);
const SECRETISH = 'Sup3rSecretValue-do-not-print-0123456789';
const COMMON_BAD = ['\u0000', `${SECRETISH}\n${SECRETISH}`];
const COMMON_EDGE = ['', ' ', 'x'.repeat(5000), '\u202e\u200b', '${HOME}', '"quoted"'];

/** Values that must be refused, and edge values that may be accepted, per format. */
function cases(format: unknown): { bad: string[]; edge: string[] } {
  if (Array.isArray(format)) return { bad: ['nonsense', SECRETISH, `${format[0]}x`, String(format[0]).toUpperCase() === String(format[0]) ? 'zz' : String(format[0]).toUpperCase()], edge: COMMON_EDGE };
  switch (format) {
    case 'port':
      return { bad: ['-1', '65536', 'abc', '1.5', '80x', HUGE, SECRETISH], edge: ['0', '65535', ...COMMON_EDGE] };
    case 'positive-int':
      return { bad: ['0', '-1', 'abc', '1.5', 'NaN', '-0', HUGE, SECRETISH], edge: ['1', '1e3', '0x10', ...COMMON_EDGE] };
    case 'non-negative-int':
      return { bad: ['-1', 'abc', '1.5', 'NaN', HUGE, SECRETISH], edge: ['0', '1e3', ...COMMON_EDGE] };
    case 'telegram-id-list':
      return { bad: ['abc', '1;2', '-5', '1.5', `1,${SECRETISH}`, '0'], edge: ['1,,2', ' 1 , 2 ', HUGE, ...COMMON_EDGE] };
    case 'day-list':
      return { bad: ['x', '-1', '1,a', '1.5', SECRETISH], edge: ['0', '3,3', HUGE, ...COMMON_EDGE] };
    case 'bot-token-or-empty':
      return { bad: ['abc', '123:short', `12345:${SECRETISH} x`, SECRETISH], edge: COMMON_EDGE };
    case 'master-key-or-empty':
      return { bad: ['short', 'Sup3r$ecret!', '    padded key that is not base64 at all!!!  '], edge: [SECRETISH, ...COMMON_EDGE] };
    case 'mongodb-uri-or-empty':
      return { bad: [`http://user:${SECRETISH}@host/db`, 'mongodb:/broken', SECRETISH], edge: [`mongodb://user:${SECRETISH}@127.0.0.1:1/db`, ...COMMON_EDGE] };
    case 'http-url':
      return { bad: ['not a url', `ftp://x/${SECRETISH}`, `javascript:${SECRETISH}`], edge: ['http://127.0.0.1:1', ...COMMON_EDGE] };
    default:
      return { bad: [], edge: [SECRETISH, HUGE, '-1', '0', 'true', ...COMMON_EDGE] };
  }
}

function tryLoad(variable: string, value: string): { ok: true } | { ok: false; error: unknown } {
  try {
    loadConfig({ envFile: null, env: { NODE_ENV: 'test', [variable]: value } });
    return { ok: true };
  } catch (error) {
    return { ok: false, error };
  }
}

/** What is wrong with a refusal (empty when it is clear, one line, named, and echoes nothing). */
function refusalProblems(variable: string, value: string, error: unknown): string[] {
  const problems: string[] = [];
  if (!(error instanceof ConfigError)) return [`${variable}=${JSON.stringify(value.slice(0, 40))}: threw ${(error as Error)?.name}: ${(error as Error)?.message}`];
  if (error.message.includes('\n')) problems.push(`${variable}: message is not one line`);
  if (!error.message.includes(variable)) problems.push(`${variable}: message does not name it: ${error.message}`);
  if (!error.problems.some((p) => p.variable === variable)) problems.push(`${variable}: not in problems`);
  if (value.length >= 6 && error.message.includes(value)) problems.push(`${variable}: message echoes the value`);
  if (error.message.includes(SECRETISH)) problems.push(`${variable}: message echoes a secret`);
  return problems;
}

describe('configuration: every variable, wrong types and edge values', () => {
  it('covers every variable of the schema', () => {
    expect(entries.length).toBeGreaterThan(30);
  });

  it.each(entries.map(([key, e]) => [e.env!, key, e] as const))('%s: wrong values give a clear one-line error that names it and echoes nothing', (variable, _key, entry) => {
    const { bad, edge } = cases(entry.format);
    const problems: string[] = [];
    let refused = 0;
    for (const value of [...bad, ...COMMON_BAD]) {
      const r = tryLoad(variable, value);
      // Free-form strings accept anything printable; a NUL may pass there too.
      if (r.ok) {
        if (bad.includes(value)) problems.push(`${variable}=${JSON.stringify(value.slice(0, 40))} was accepted`);
        continue;
      }
      refused += 1;
      problems.push(...refusalProblems(variable, value, r.error));
    }
    for (const value of edge) {
      const r = tryLoad(variable, value);
      if (!r.ok) problems.push(...refusalProblems(variable, value, r.error));
    }
    expect(problems).toEqual([]);
    expect(refused).toBeGreaterThanOrEqual(bad.length);
  });

  it('names every bad variable at once, in one line', () => {
    try {
      loadConfig({ envFile: null, env: { NODE_ENV: 'test', HTTP_PORT: 'abc', USER_RATE_PER_MINUTE: '0', BOT_TOKEN: SECRETISH } });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      for (const v of ['HTTP_PORT', 'USER_RATE_PER_MINUTE', 'BOT_TOKEN']) expect(message).toContain(v);
      expect(message).not.toContain(SECRETISH);
    }
  });

  it('production rules name the variable and echo nothing', () => {
    const r = tryLoad('MONGODB_URI', `mongodb://u:${SECRETISH}@db.example.com/x`);
    expect(r.ok).toBe(true); // fine outside production
    try {
      loadConfig({ envFile: null, env: { NODE_ENV: 'production', BOT_TOKEN: '', MASTER_KEY: '', MONGODB_URI: `mongodb://u:${SECRETISH}@db.example.com/x` } });
      throw new Error('accepted');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const message = (error as Error).message;
      for (const v of ['BOT_TOKEN', 'MASTER_KEY', 'MONGODB_URI']) expect(message).toContain(v);
      expect(message).not.toContain(SECRETISH);
      expect(message).not.toContain('\n');
    }
  });

  const mainJs = join(__dirname, '../../../../apps/mother-bot/dist/main.js');
  (existsSync(mainJs) ? it : it.skip)('the compiled mother exits non-zero with one line on stderr naming the variable, echoing no secret', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'cfgfuzz-')); // no .env here
    try {
      const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: cwd, NODE_ENV: 'test', HTTP_PORT: 'not-a-port', BOT_TOKEN: `12345:${SECRETISH} x` };
      const r = spawnSync(process.execPath, [mainJs], { cwd, env, encoding: 'utf8', timeout: 30_000 });
      expect(r.status).not.toBe(0);
      expect(r.status).not.toBeNull();
      const lines = r.stderr.trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/HTTP_PORT/);
      expect(lines[0]).toMatch(/BOT_TOKEN/);
      expect(r.stderr + r.stdout).not.toContain(SECRETISH);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });
});
