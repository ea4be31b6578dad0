import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  readWorkerSecrets,
  removeWorkerSecrets,
  workerSecretsPath,
  writeWorkerSecrets,
  WorkerSecretsError,
  type WorkerSecrets,
} from '../clones/workerSecrets';

const CLONE = '0123456789ab';
const secrets: WorkerSecrets = { cloneId: CLONE, mongoUri: 'mongodb://user:pw@127.0.0.1:27017/', cloneKey: Buffer.alloc(32, 7).toString('base64') };

describe('worker secrets file', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'worker-secrets-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('is written 0600 in a 0700 directory under DATA_DIR/run/clones, and read back', () => {
    writeWorkerSecrets(dataDir, secrets);
    const file = workerSecretsPath(dataDir, CLONE);
    expect(file).toBe(join(dataDir, 'run', 'clones', `${CLONE}.json`));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(file)).mode & 0o777).toBe(0o700);
    expect(readWorkerSecrets(dataDir, CLONE)).toEqual(secrets);
    // The temporary file of the atomic write is gone.
    expect(readdirSync(dirname(file))).toEqual([`${CLONE}.json`]);
  });

  it('tightens a directory that already existed with looser permissions', () => {
    mkdirSync(join(dataDir, 'run', 'clones'), { recursive: true, mode: 0o755 });
    writeWorkerSecrets(dataDir, secrets);
    expect(statSync(join(dataDir, 'run', 'clones')).mode & 0o777).toBe(0o700);
  });

  it('replaces an earlier file (token key rotation)', () => {
    writeWorkerSecrets(dataDir, secrets);
    const rotated = { ...secrets, cloneKey: Buffer.alloc(32, 9).toString('base64') };
    writeWorkerSecrets(dataDir, rotated);
    expect(readWorkerSecrets(dataDir, CLONE)).toEqual(rotated);
    expect(statSync(workerSecretsPath(dataDir, CLONE)).mode & 0o777).toBe(0o600);
  });

  it('fails with WorkerSecretsError when the file is missing, and the error names only the clone', () => {
    expect(() => readWorkerSecrets(dataDir, CLONE)).toThrow(WorkerSecretsError);
    try {
      readWorkerSecrets(dataDir, CLONE);
    } catch (error) {
      expect((error as WorkerSecretsError).context).toEqual({ cloneId: CLONE });
      expect((error as WorkerSecretsError).code).toBe('WORKER_SECRETS');
    }
  });

  it.each<[string, string]>([
    ['not JSON', '{nope'],
    ['missing the key', JSON.stringify({ cloneId: CLONE, mongoUri: 'mongodb://x/' })],
    ['missing the URI', JSON.stringify({ cloneId: CLONE, cloneKey: 'abc' })],
    ["another clone's file", JSON.stringify({ ...secrets, cloneId: 'ffffffffffff' })],
  ])('fails with WorkerSecretsError when the file is %s', (_what, content) => {
    const file = workerSecretsPath(dataDir, CLONE);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
    expect(() => readWorkerSecrets(dataDir, CLONE)).toThrow(WorkerSecretsError);
    let message = '';
    try {
      readWorkerSecrets(dataDir, CLONE);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toContain('pw@');
  });

  it('removes the file, and removing twice is fine', () => {
    writeWorkerSecrets(dataDir, secrets);
    removeWorkerSecrets(dataDir, CLONE);
    expect(existsSync(workerSecretsPath(dataDir, CLONE))).toBe(false);
    expect(() => removeWorkerSecrets(dataDir, CLONE)).not.toThrow();
  });
});
