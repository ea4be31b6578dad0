import { ConversationStore } from '../../bot/conversationStore';
import { installMotherFeatures } from '../../bot/createMotherBot';
import type { Monitoring } from '../../monitoring/monitoring';
import { PollingLauncher } from '../pollingLauncher';
import { DEFAULT_FENCING, FencedLease } from '@motherbot/core';
import { MotherLeadership } from '../../hosts/motherLeadership';
import type { DatabasePart } from './databasePart';
import type { ServicesPart } from './servicesPart';
import type { StartContext } from './startContext';
import type { TelegramPart } from './telegramPart';

/** Whether the mother bot polls right now (`/readyz` and monitoring report it). */
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
  deps: { db: DatabasePart; telegram: TelegramPart; services: ServicesPart; monitoring: Monitoring; state: PollingState },
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
  });
  const launcher = new PollingLauncher(telegram.bot, {
    onError: (error, update) => logger.error('mother update failed', { updateId: update.update_id, error }),
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
  await ctx.step('polling', (signal) => Promise.race([polling, new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)))]));
  state.active = true;
  logger.info('mother bot polling', { bot: telegram.me.username, canManageBots: telegram.canManageBots });
}
