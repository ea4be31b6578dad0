import { ConversationStore } from '../../bot/conversationStore';
import { installMotherFeatures } from '../../bot/createMotherBot';
import type { Monitoring } from '../../monitoring/monitoring';
import { PollingLauncher } from '../pollingLauncher';
import { DEFAULT_FENCING, FencedLease } from '@motherbot/core';
import { MotherLeadership, type UpdatesLauncher } from '../../hosts/motherLeadership';
import type { WebhookIngress } from '../../webhooks/webhookIngress';
import { WebhookHealth } from '../../webhooks/webhookHealth';
import { WebhookLauncher } from '../webhookLauncher';
import type { DatabasePart } from './databasePart';
import type { ServicesPart } from './servicesPart';
import type { StartContext } from './startContext';
import type { TelegramPart } from './telegramPart';

/** Whether the mother bot polls right now, or in webhook mode has its webhook set (`/readyz` and monitoring report it). */
export interface PollingState {
  active: boolean;
  /** Several hosts: this host leaves polling to the holder of the mother-bot lease. */
  standby?: boolean;
}

/**
 * The mother bot itself, last: its features use every other part, and it takes updates only once
 * they all run. The `polling` step ends when the first getUpdates is sent; cut short, it ends at
 * once and the runtime's stop stops the launch in whatever phase it is.
 */
export async function startBot(
  ctx: StartContext,
  deps: {
    db: DatabasePart;
    telegram: TelegramPart;
    services: ServicesPart;
    monitoring: Monitoring;
    state: PollingState;
    /** Webhook mode: the host's ingress, and the master key the mother's webhook address derives from. */
    webhook?: { ingress: WebhookIngress; masterKey: string };
  },
): Promise<void> {
  const { config, logger } = ctx;
  const { telegram, state } = deps;
  installMotherFeatures(telegram.bot, {
    monitoring: deps.monitoring,
    services: deps.services.services,
    onboarding: deps.services.onboarding,
    config,
    models: deps.db.models,
    logger,
    conversations: new ConversationStore(deps.db.models.Conversation),
    canManageBots: () => telegram.canManageBots,
    isAdmin: (id) => config.adminIds.includes(id),
    locales: deps.db.locales,
    ...(deps.webhook ? { webhooks: new WebhookHealth({ models: deps.db.models, telegram: telegram.bot.telegram, clock: ctx.clock }) } : {}),
  });
  const onError = (error: unknown, update: { update_id: number }): void => void logger.error('mother update failed', { updateId: update.update_id, error });
  const webhook = deps.webhook;
  // Webhook mode: the mother's requests come through the host's ingress; setWebhook replaces polling.
  const launcher: UpdatesLauncher = webhook
    ? new WebhookLauncher(telegram.bot, {
        ingress: webhook.ingress,
        baseUrl: config.webhookBaseUrl,
        masterKey: webhook.masterKey,
        maxConnections: config.webhookMaxConnections,
        onError,
        onRetry: (error, delayMs) => logger.warn('setWebhook failed, retrying', { delayMs, error: (error as Error).message }),
      })
    : new PollingLauncher(telegram.bot, {
        onError,
        onRetry: (error, delayMs) => logger.warn('getUpdates failed, retrying', { delayMs, error: (error as Error).message }),
      });
  if (config.hostId) {
    // Several hosts: only the holder of the `mother-bot` lease polls; the others stand by.
    const lease = new FencedLease(deps.db.models.FencedLease, 'mother-bot', config.hostId, DEFAULT_FENCING);
    // The users' /language choices were read at this host's start; the last leader may have stored more since.
    state.standby = true;
    const leadership = new MotherLeadership(lease, launcher, DEFAULT_FENCING.beatMs, logger, (active) => ((state.active = active), (state.standby = !active)), () => deps.db.locales.reload());
    ctx.onStop('polling', async () => {
      await leadership.stop();
      state.active = false;
    });
    leadership.start();
    logger.info('mother bot on standby until this host holds the mother-bot lease', { host: config.hostId, bot: telegram.me.username });
    return;
  }
  ctx.onStop('polling', async () => {
    await launcher.stop();
    state.active = false;
  });
  const { polling, ended } = launcher.start();
  ended.then(
    () => (state.active = false),
    (error: unknown) => {
      state.active = false;
      logger.error('mother bot polling stopped', { error });
    },
  );
  await ctx.step(webhook ? 'webhook' : 'polling', (signal) => Promise.race([polling, new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))]));
  state.active = true;
  logger.info(webhook ? 'mother bot takes its updates by webhook' : 'mother bot polling', { bot: telegram.me.username, canManageBots: telegram.canManageBots });
}
