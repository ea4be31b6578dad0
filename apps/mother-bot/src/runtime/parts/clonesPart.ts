import { registerSecret, resolveMasterKey } from '@motherbot/core';
import { wireOwnerNotifications } from '../../bot/ownerNotifications';
import { CloneManager } from '../../cloneManager/cloneManager';
import { CloneWebhookRemoval } from '../../cloneManager/cloneWebhookRemoval';
import type { Pm2Client } from '../../cloneManager/pm2Client';
import { defaultWorkerScript } from '../../cloneManager/workerStartOptions';
import { scrubSecretsFromEnvironment } from '../scrubEnvironment';
import { createHostRole, type HostRole } from '../../hosts/hostRole';
import type { DatabasePart } from './databasePart';
import type { StartContext } from './startContext';
import type { TelegramPart } from './telegramPart';

export interface ClonesPart {
  pm2: Pm2Client;
  manager: CloneManager;
  masterKey: string;
  /** Several hosts (HOST_ID set): this host's agent, placements and coordinator. */
  host?: HostRole;
}

/**
 * PM2 and the clone manager: connect to (or start) the daemon, then adopt the clones it runs and
 * start those that should run. Owners hear of their clones' crashes and restarts from the first
 * pass on. Clone workers are never stopped here: they belong to PM2 and the next mother adopts them.
 */
export async function startClones(ctx: StartContext, deps: { db: DatabasePart; telegram: TelegramPart; pm2: Pm2Client; workerScript?: string }): Promise<ClonesPart> {
  const { config, logger } = ctx;
  const { db, telegram, pm2 } = deps;
  const masterKey = resolveMasterKey(config);
  registerSecret(masterKey);
  // A PM2 daemon we spawn inherits our environment: nothing secret may be in it.
  scrubSecretsFromEnvironment();
  ctx.onStop('pm2', () => pm2.disconnect());
  await ctx.step('pm2', () => pm2.connect());
  // Several hosts: the host beats before anything runs, and its placements decide what runs here.
  const host = createHostRole(config, db.models, logger);
  if (host) {
    await host.agent.start();
    ctx.onStop('host agent', () => host.agent.stop());
  }
  const webhooks = new CloneWebhookRemoval({ models: db.models, masterKey, apiRoot: config.telegramApiRoot, logger });
  // Stopped after the manager (no more removals start), before the database.
  ctx.onStop('clone webhook removals', () => webhooks.idle());
  const manager = new CloneManager({
    config,
    models: db.models,
    pm2,
    logger,
    masterKey,
    mongoUri: db.mongoUri,
    workerScript: deps.workerScript ?? defaultWorkerScript(),
    clock: ctx.clock,
    webhooks,
    ...(host ? { host: host.placements } : {}),
  });
  host?.attach(manager);
  wireOwnerNotifications(manager, telegram.bot.telegram, config.adminIds, logger, db.locales);
  ctx.onStop('clone manager', () => manager.stop());
  await ctx.step('clone adoption', () => manager.start());
  if (host) {
    host.coordinator.start();
    ctx.onStop('coordinator', () => host.coordinator.stop());
  }
  return { pm2, manager, masterKey, ...(host ? { host } : {}) };
}
