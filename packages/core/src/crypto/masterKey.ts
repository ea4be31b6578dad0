import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { AppConfig } from '../config/schema';

/**
 * The master key: MASTER_KEY when set (always in production, enforced by the config), else a
 * development key generated once into `DATA_DIR/secrets/master.key` (mode 0600), so that a
 * newcomer's clones survive restarts without any setup.
 */
export function resolveMasterKey(config: Pick<AppConfig, 'masterKey' | 'dataDir'>): string {
  if (config.masterKey) return config.masterKey;
  const dir = join(config.dataDir, 'secrets');
  const file = join(dir, 'master.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString('base64');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}
