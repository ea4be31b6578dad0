import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type AppConfig, deriveCloneKey, openToken, type SealedToken, cloneTokenModel } from '@motherbot/core';
import type { ReadinessInputs } from './inputs';

/** A secret the platform holds, by a name the report may print (never the value). */
export interface NamedSecret {
  name: string;
  value: string;
}

/** Shorter values would match by chance in megabytes of logs (the log redaction uses the same floor). */
const MIN_LENGTH = 8;

/**
 * The master key as the platform uses it, without creating one: MASTER_KEY, else the
 * development key in DATA_DIR/secrets/master.key if `npm start` generated it.
 */
export function existingMasterKey(config: Pick<AppConfig, 'masterKey' | 'dataDir'>): { key: string; source: string } | undefined {
  if (config.masterKey) return { key: config.masterKey, source: 'MASTER_KEY' };
  const file = join(config.dataDir, 'secrets', 'master.key');
  return existsSync(file) ? { key: readFileSync(file, 'utf8').trim(), source: `the development key ${file}` } : undefined;
}

/** The password inside a MongoDB URI, if it has one. */
export function uriPassword(uri: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^:@/]+:([^@/]+)@/.exec(uri);
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/**
 * Every secret the platform holds that must never appear in a log, an environment or a command
 * line: BOT_TOKEN, the master key, BACKUP_KEY, STATUS_TOKEN, the database password, each clone's
 * token (decrypted from `clone_tokens`) and each worker's derived key (its runtime file).
 * `notes` says what could not be collected, so a check never claims more than it searched for.
 */
export async function knownSecrets(inputs: ReadinessInputs): Promise<{ secrets: NamedSecret[]; notes: string[] }> {
  const { config } = inputs;
  const secrets: NamedSecret[] = [];
  const notes: string[] = [];
  const add = (name: string, value: string | undefined): void => {
    if (!value) return;
    if (value.length < MIN_LENGTH) notes.push(`${name} is shorter than ${MIN_LENGTH} characters: not searched for`);
    else if (!secrets.some((s) => s.value === value)) secrets.push({ name, value });
  };
  add('BOT_TOKEN', config.botToken);
  const master = existingMasterKey(config);
  add(master?.source === 'MASTER_KEY' ? 'MASTER_KEY' : 'the development master key', master?.key);
  add('BACKUP_KEY', config.backupKey);
  add('STATUS_TOKEN', config.statusToken);
  add('the password in MONGODB_URI', uriPassword(config.mongodbUri));

  const runDir = join(config.dataDir, 'run', 'clones');
  const runtimeFiles = existsSync(runDir) ? readdirSync(runDir).filter((f) => f.endsWith('.json')) : [];
  for (const file of runtimeFiles) {
    try {
      const parsed = JSON.parse(readFileSync(join(runDir, file), 'utf8')) as { cloneId?: string; cloneKey?: string; mongoUri?: string };
      add(`the worker key of clone ${parsed.cloneId ?? file}`, parsed.cloneKey);
      add(`the database password of clone ${parsed.cloneId ?? file}`, uriPassword(parsed.mongoUri ?? ''));
    } catch {
      notes.push(`${join(runDir, file)} unreadable`);
    }
  }

  if ('unreachable' in inputs.db) {
    notes.push('clone tokens not searched for: the database is not reachable');
  } else {
    const sealed = await cloneTokenModel(inputs.db).find({}, { sealed: 1 }).lean<Array<{ _id: string; sealed: SealedToken }>>();
    let unopened = 0;
    for (const doc of sealed) {
      try {
        if (!master) throw new Error('no master key');
        add(`the bot token of clone ${doc._id}`, openToken(deriveCloneKey(master.key, doc._id), doc._id, doc.sealed));
      } catch {
        unopened += 1;
      }
    }
    if (unopened > 0) notes.push(`${unopened} clone token(s) could not be decrypted with ${master?.source ?? 'any master key'}: not searched for`);
  }
  return { secrets, notes };
}
