import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { LoggerOptionsError, closeLogger, createLogger } from '../logging/createLogger';
import { processLoggerOptions } from '../logging/processLogger';
import { clearRegisteredSecrets, redactText, redactValue, registerSecret } from '../logging/redact';

const TOKEN = '7012345678:AAH3kq0L2m9XbYvJtRzQwErTyUiOpAsDfGh';
const MASTER_KEY = 'mk_9f8e7d6c5b4a39281706f5e4d3c2b1a0ffeeddcc';
const URI = 'mongodb://admin:S3cretPassw0rd@db.example.com:27017/motherbot?authSource=admin';

describe('secret redaction in logs', () => {
  afterEach(() => clearRegisteredSecrets());

  it('recognises token shapes, API paths and URI credentials in plain text', () => {
    expect(redactText(`token ${TOKEN} here`)).toBe('token [REDACTED] here');
    expect(redactText(`GET https://api.telegram.org/bot${TOKEN}/getMe`)).not.toContain(TOKEN.split(':')[1]);
    expect(redactText(URI)).toBe('mongodb://[REDACTED]@db.example.com:27017/motherbot?authSource=admin');
    expect(redactText('nothing secret 12:34')).toBe('nothing secret 12:34');
  });

  it('redacts nested metadata and errors without changing the input', () => {
    const meta = { clone: { token: TOKEN, list: [URI] }, err: new Error(`401 for ${TOKEN}`) };
    const out = JSON.stringify(redactValue(meta));
    expect(out).not.toContain(TOKEN);
    expect(out).not.toContain('S3cretPassw0rd');
    expect(meta.clone.token).toBe(TOKEN);
  });

  it('drops a line logged after the logger was closed instead of crashing the process', async () => {
    const logDir = mkdtempSync(join(tmpdir(), 'logs-late-'));
    const logger = createLogger({ label: 'late', logDir, level: 'info', console: false });
    logger.info('before close');
    await closeLogger(logger);
    const uncaught: unknown[] = [];
    const onUncaught = (error: unknown): void => void uncaught.push(error);
    process.prependListener('uncaughtException', onUncaught);
    try {
      logger.info('after close');
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      process.off('uncaughtException', onUncaught);
    }
    expect(uncaught).toEqual([]);
    const files = readdirSync(logDir).filter((f) => f.endsWith('.log'));
    expect(readFileSync(join(logDir, files[0]!), 'utf8')).toContain('before close');
  });

  it('writes no secret through any logger path to the files', async () => {
    const logDir = mkdtempSync(join(tmpdir(), 'logs-'));
    registerSecret(MASTER_KEY);
    const logger = createLogger({ label: 'clone:abc123', logDir, level: 'debug', console: false });
    logger.info(`starting with ${TOKEN}`);
    logger.warn('uri', { uri: URI, nested: { masterKey: MASTER_KEY } });
    logger.error(new Error(`getMe failed for bot${TOKEN} with key ${MASTER_KEY}`));
    logger.error('wrapped', { error: new Error(`connect ${URI}`) });
    logger.log('debug', 'splat %s and %s', TOKEN, MASTER_KEY);
    logger.child({ cloneId: 'abc123', token: TOKEN }).info('child line');
    await closeLogger(logger);

    const files = readdirSync(logDir).filter((f) => f.endsWith('.log'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^clone-abc123-\d{4}-\d{2}-\d{2}\.log$/);
    const text = readFileSync(join(logDir, files[0]!), 'utf8');
    const lines = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(6);
    expect(lines.every((l) => l.label === 'clone:abc123' && typeof l.timestamp === 'string')).toBe(true);
    expect(text).toContain('[REDACTED]');
    expect(text).toContain('stack');
    for (const secret of [TOKEN, TOKEN.split(':')[1]!, MASTER_KEY, 'S3cretPassw0rd']) expect(text).not.toContain(secret);
  });
});

/** Collects what a logger writes to its stream, line by line. */
function capture(): { stream: PassThrough; lines: () => string[] } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { stream, lines: () => text.split('\n').filter((l) => l !== '') };
}

const ISO = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z`;

describe('log lines on a stream', () => {
  afterEach(() => clearRegisteredSecrets());

  it('development: one readable line per entry, metadata as JSON, the stack below, no colour codes off a terminal', async () => {
    const out = capture();
    registerSecret(MASTER_KEY);
    const logger = createLogger({ label: 'clone:abc123', level: 'debug', console: true, format: 'pretty', stream: out.stream });
    logger.info('clone worker polling', { bot: 'shop_bot' });
    logger.warn('retrying');
    logger.error('update handler failed', { updateId: 7, error: new Error(`getMe failed for ${TOKEN}`) });
    logger.error(new Error(`boom with ${MASTER_KEY}`));
    await closeLogger(logger);

    const lines = out.lines();
    expect(lines[0]).toMatch(new RegExp(`^${ISO} clone:abc123 info: clone worker polling \\{"bot":"shop_bot"\\}$`));
    expect(lines[1]).toMatch(new RegExp(`^${ISO} clone:abc123 warn: retrying$`));
    expect(lines[2]).toMatch(new RegExp(`^${ISO} clone:abc123 error: update handler failed \\{"updateId":7,"error":\\{"name":"Error","message":"getMe failed for \\[REDACTED\\]","stack":"Error: getMe failed`));
    expect(lines[3]).toMatch(new RegExp(`^${ISO} clone:abc123 error: boom with \\[REDACTED\\]$`));
    expect(lines[4]).toBe('Error: boom with [REDACTED]');
    expect(lines[5]).toMatch(/^ {4}at /);
    const text = lines.join('\n');
    expect(text).not.toContain('\u001b[');
    for (const secret of [TOKEN, MASTER_KEY]) expect(text).not.toContain(secret);
  });

  it('production: one JSON object per line, timestamp/level/label/message first, a stack as a field', async () => {
    const out = capture();
    const logger = createLogger({ label: 'mother', console: true, format: 'json', stream: out.stream });
    logger.info('mother ready', { clones: 3, big: 10n });
    logger.error(new Error(`401 for bot${TOKEN}`));
    logger.warn('uri', { uri: URI });
    await closeLogger(logger);

    const lines = out.lines();
    expect(lines).toHaveLength(3);
    const entries = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(Object.keys(entries[0]!)).toEqual(['timestamp', 'level', 'label', 'message', 'clones', 'big']);
    expect(entries[0]).toMatchObject({ level: 'info', label: 'mother', message: 'mother ready', clones: 3, big: '10' });
    expect(String(entries[0]!.timestamp)).toMatch(new RegExp(`^${ISO}$`));
    expect(entries[1]).toMatchObject({ level: 'error', message: '401 for bot[REDACTED]' });
    expect(String(entries[1]!.stack)).toContain('\n    at ');
    expect(lines.join('\n')).not.toContain(TOKEN.split(':')[1]);
    expect(lines.join('\n')).not.toContain('S3cretPassw0rd');
  });

  it('never writes files and a stream at once', () => {
    expect(() => createLogger({ label: 'mother', logDir: tmpdir(), console: true })).toThrow(LoggerOptionsError);
  });
});

describe('where a process logs', () => {
  const settings = { nodeEnv: 'production', logOutput: 'stdout', logDir: '/var/log/motherbot', logLevel: 'info', logMaxSize: '20m', logMaxFiles: '14d' } as const;

  it('writes JSON lines to stdout in production, readable lines elsewhere, and nothing to files', () => {
    expect(processLoggerOptions(settings, 'mother')).toEqual({ label: 'mother', level: 'info', console: true, format: 'json' });
    expect(processLoggerOptions({ ...settings, nodeEnv: 'development' }, 'mother')).toEqual({ label: 'mother', level: 'info', console: true, format: 'pretty' });
  });

  it('with LOG_OUTPUT=files writes the daily files only', () => {
    expect(processLoggerOptions({ ...settings, logOutput: 'files' }, 'clone:abc', 'clones')).toEqual({
      label: 'clone:abc',
      level: 'info',
      logDir: '/var/log/motherbot/clones',
      maxSize: '20m',
      maxFiles: '14d',
    });
  });
});
