import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Connection } from 'mongoose';
import { Telegram } from 'telegraf';
import type { AppConfig } from '@motherbot/core';
import {
  backupDirOf,
  buildReadinessReport,
  parseChecklist,
  readAttestations,
  type HttpAnswer,
  type ProcessSnapshot,
  type ReadinessReport,
} from '@motherbot/ops';
import { platformPm2Snapshot } from './pm2Snapshot';

/** The repository root (docs, coverage, ecosystem file), from src/ or dist/ alike. */
export const REPO_ROOT = resolve(__dirname, '../../../..');
export const CHECKLIST_PATH = join(REPO_ROOT, 'docs/operations/production-readiness-checklist.md');

/** GET on the mother's status server, with STATUS_TOKEN when set; resolves with the status and the body. */
export function statusServerGet(config: AppConfig): (path: string) => Promise<HttpAnswer> {
  const host = config.httpHost === '0.0.0.0' || config.httpHost === '::' ? '127.0.0.1' : config.httpHost;
  return async (path) => {
    const response = await fetch(`http://${host.includes(':') ? `[${host}]` : host}:${config.httpPort}${path}`, {
      headers: config.statusToken ? { authorization: `Bearer ${config.statusToken}` } : {},
      signal: AbortSignal.timeout(3000),
    });
    return { status: response.status, body: await response.text() };
  };
}

/** The live report of the platform described by `config` (used by the CLI and by /readiness). */
export async function runReadiness(deps: {
  config: AppConfig;
  db: Connection | { unreachable: string };
  getMe?: () => Promise<{ username?: string }>;
  /** PM2 homes to look in (default: PM2_HOME or ~/.pm2, and `npm start`'s DATA_DIR/pm2); tests pass their private one. */
  pm2Homes?: string[];
  now?: Date;
}): Promise<ReadinessReport> {
  const { config } = deps;
  if (!existsSync(CHECKLIST_PATH)) throw new Error(`checklist not found at ${CHECKLIST_PATH}`);
  const checklist = parseChecklist(readFileSync(CHECKLIST_PATH, 'utf8'));
  const { attestations, problem } = readAttestations(config.dataDir);
  const telegram = new Telegram(config.botToken || '0:none', { apiRoot: config.telegramApiRoot });
  // Read once, shared by every check that looks at processes.
  let snapshot: Promise<ProcessSnapshot> | undefined;
  const processes = (): Promise<ProcessSnapshot> => (snapshot ??= platformPm2Snapshot(config, deps.pm2Homes));
  return buildReadinessReport(
    checklist,
    {
      config,
      db: deps.db,
      getMe: deps.getMe ?? (() => telegram.getMe()),
      httpGet: statusServerGet(config),
      processes,
      repoRoot: REPO_ROOT,
      backupDir: backupDirOf(config),
      now: deps.now ?? new Date(),
    },
    attestations,
    { problems: problem ? [problem] : [] },
  );
}
