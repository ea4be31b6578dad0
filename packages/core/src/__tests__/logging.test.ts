import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closeLogger, createLogger } from '../logging/createLogger';
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
