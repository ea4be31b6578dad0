import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, mongoUriIsSafe } from '../config/loadConfig';
import { ConfigError } from '../errors';
import { renderConfigDocs } from '../config/generateDocs';

const TOKEN = '123456789:AAFakeFakeFakeFakeFakeFakeFakeFake123';
const load = (env: Record<string, string>, envFile: string | null = null) => loadConfig({ env, envFile, cwd: '/srv/app' });

describe('loadConfig', () => {
  it('gives development defaults and resolves directories against cwd', () => {
    const config = load({});
    expect(config.nodeEnv).toBe('development');
    expect(config.telegramApiRoot).toBe('https://api.telegram.org');
    expect(config.dataDir).toBe('/srv/app/.data');
    expect(config.logDir).toBe('/srv/app/logs');
    expect(config.adminIds).toEqual([]);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('parses lists and numbers from strings', () => {
    const config = load({ ADMIN_IDS: '1, 22,333', REMINDER_DAYS: '7,1', HTTP_PORT: '9000', CLONES_PER_OWNER: '5' });
    expect(config.adminIds).toEqual([1, 22, 333]);
    expect(config.reminderDays).toEqual([7, 1]);
    expect(config.httpPort).toBe(9000);
    expect(config.clonesPerOwner).toBe(5);
  });

  it('reads an optional .env file, and the environment wins over it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfg-'));
    const file = join(dir, '.env');
    writeFileSync(file, 'LOG_LEVEL=debug\nADMIN_IDS=42\n');
    const config = load({ ADMIN_IDS: '7' }, file);
    expect(config.logLevel).toBe('debug');
    expect(config.adminIds).toEqual([7]);
  });

  it.each([
    ['ADMIN_IDS', 'abc', /ADMIN_IDS must be a comma-separated list of positive Telegram user ids/],
    ['HTTP_PORT', '70000', /HTTP_PORT must be /],
    ['NODE_ENV', 'staging-ish', /NODE_ENV must be one of the possible values/],
    ['CLONES_PER_OWNER', '0', /CLONES_PER_OWNER must be a positive whole number/],
    ['TELEGRAM_API_ROOT', 'ftp://x', /TELEGRAM_API_ROOT must be an http/],
    ['MONGODB_URI', 'postgres://u:secretpw@h/db', /MONGODB_URI must be a mongodb:\/\//],
  ])('rejects %s=%s with one line naming the variable', (variable, value, pattern) => {
    let error: unknown;
    try {
      load({ [variable]: value });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toMatch(pattern);
    expect(message.split('\n')).toHaveLength(1);
    expect((error as ConfigError).problems[0]?.variable).toBe(variable);
  });

  it('never echoes a secret value in its error', () => {
    const badToken = 'not-a-token-but-secret-looking-value';
    expect(() => load({ BOT_TOKEN: badToken, MASTER_KEY: 'short-secret' })).toThrow(ConfigError);
    try {
      load({ BOT_TOKEN: badToken, MASTER_KEY: 'short-secret' });
    } catch (e) {
      expect((e as Error).message).not.toContain(badToken);
      expect((e as Error).message).not.toContain('short-secret');
      expect((e as Error).message).toMatch(/BOT_TOKEN .*; MASTER_KEY /);
    }
  });

  it('refuses unsafe production settings', () => {
    expect(() => load({ NODE_ENV: 'production' })).toThrow(/BOT_TOKEN must be set in production.*MASTER_KEY must be set/);
    expect(() =>
      load({
        NODE_ENV: 'production',
        BOT_TOKEN: TOKEN,
        MASTER_KEY: 'a'.repeat(44),
        TELEGRAM_API_ROOT: 'http://127.0.0.1:8081',
        MONGODB_URI: 'mongodb://user:pw@db.example.com:27017/x',
      }),
    ).toThrow(/TELEGRAM_API_ROOT .*MONGODB_URI must be a TLS connection/);
    const ok = load({ NODE_ENV: 'production', BOT_TOKEN: TOKEN, MASTER_KEY: 'a'.repeat(44), MONGODB_URI: 'mongodb+srv://u:p@cluster.example.net/x' });
    expect(ok.nodeEnv).toBe('production');
  });

  it('judges MongoDB URIs for TLS', () => {
    expect(mongoUriIsSafe('mongodb://127.0.0.1:27017/')).toBe(true);
    expect(mongoUriIsSafe('mongodb://u:p@localhost/x')).toBe(true);
    expect(mongoUriIsSafe('mongodb://u:p@db.example.com/x?tls=true')).toBe(true);
    expect(mongoUriIsSafe('mongodb://a.example.com,b.example.com/x')).toBe(false);
    expect(mongoUriIsSafe('mongodb+srv://c.example.net/x?tls=false')).toBe(false);
  });

  it('documents every variable', () => {
    const docs = renderConfigDocs();
    for (const name of ['BOT_TOKEN', 'ADMIN_IDS', 'MONGODB_URI', 'TELEGRAM_API_ROOT', 'MASTER_KEY', 'DATA_DIR', 'LOG_DIR', 'LOG_LEVEL', 'HTTP_PORT']) {
      expect(docs).toContain(`\`${name}\``);
    }
  });
});
