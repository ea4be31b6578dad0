import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../errors';

/**
 * What a clone worker needs that must not travel through its environment, its arguments or
 * PM2's process list: the database URI (it may carry credentials) and the clone's own token
 * key. The mother writes it to `DATA_DIR/run/clones/<id>.json` (mode 0600, directory 0700)
 * before starting the worker, which reads it at start. The master key never leaves the mother.
 */
export interface WorkerSecrets {
  cloneId: string;
  mongoUri: string;
  /** base64 of the key derived for this clone (see deriveCloneKey). */
  cloneKey: string;
}

export class WorkerSecretsError extends AppError {
  constructor(message: string, cloneId: string) {
    super('WORKER_SECRETS', message, { cloneId });
  }
}

export function workerSecretsPath(dataDir: string, cloneId: string): string {
  return join(dataDir, 'run', 'clones', `${cloneId}.json`);
}

export function writeWorkerSecrets(dataDir: string, secrets: WorkerSecrets): void {
  const dir = join(dataDir, 'run', 'clones');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const file = workerSecretsPath(dataDir, secrets.cloneId);
  // Written aside and renamed, so a worker starting at that moment never reads half a file.
  rmSync(`${file}.tmp`, { force: true }); // `mode` applies only to a file that is created
  writeFileSync(`${file}.tmp`, JSON.stringify(secrets), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

export function readWorkerSecrets(dataDir: string, cloneId: string): WorkerSecrets {
  let parsed: Partial<WorkerSecrets>;
  try {
    parsed = JSON.parse(readFileSync(workerSecretsPath(dataDir, cloneId), 'utf8')) as Partial<WorkerSecrets>;
  } catch {
    throw new WorkerSecretsError('the clone\'s runtime file is missing or unreadable', cloneId);
  }
  if (parsed.cloneId !== cloneId || !parsed.mongoUri || !parsed.cloneKey) {
    throw new WorkerSecretsError('the clone\'s runtime file is incomplete', cloneId);
  }
  return parsed as WorkerSecrets;
}

export function removeWorkerSecrets(dataDir: string, cloneId: string): void {
  rmSync(workerSecretsPath(dataDir, cloneId), { force: true });
}
