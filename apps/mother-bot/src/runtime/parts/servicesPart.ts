import { broadcastSender } from '@motherbot/bot-kit';
import { reminderSender } from '../../bot/reminderSender';
import type { Monitoring } from '../../monitoring/monitoring';
import { telegramBotIdentifier } from '../../bot/botIdentity';
import { cloneDataPreparer } from '../../services/cloneDataPreparer';
import { CloneOnboarding } from '../../services/cloneOnboarding';
import { createMotherServices, type MotherServices } from '../../services/motherServices';
import type { ClonesPart } from './clonesPart';
import type { DatabasePart } from './databasePart';
import type { StartContext } from './startContext';
import type { TelegramPart } from './telegramPart';

export interface ServicesPart {
  services: MotherServices;
  onboarding: CloneOnboarding;
}

/**
 * What owners and admins act through: clone onboarding, clone actions, plans and payments,
 * reminders, the admin broadcast. A change to a clone asks the manager for a reconcile pass at
 * once; reminders and broadcasts go out through the mother's Telegram client.
 */
export async function startServices(
  ctx: StartContext,
  deps: { db: DatabasePart; clones: ClonesPart; telegram: TelegramPart; monitoring: Monitoring },
): Promise<ServicesPart> {
  const { config, logger } = ctx;
  const { db, clones, telegram, monitoring } = deps;
  const reconcile = (): void => {
    // Several hosts: a new or changed clone may need placing before any host can start it.
    clones.host?.coordinator.requestPlan();
    void clones.manager.reconcileNow();
  };
  const services = createMotherServices({
    config,
    models: db.models,
    db: db.connection,
    logger,
    onChange: reconcile,
    clock: ctx.clock,
    onBroadcastProgress: (p) => monitoring.metrics.recordBroadcast('mother', p),
  });
  const onboarding = new CloneOnboarding({
    config,
    models: db.models,
    masterKey: clones.masterKey,
    identify: telegramBotIdentifier(config.telegramApiRoot),
    onChange: reconcile,
    prepareCloneData: cloneDataPreparer(db.connection, config.databaseName, logger),
    settings: services.settings,
    clock: ctx.clock,
  });
  ctx.onStop('services', () => services.stop());
  await ctx.step('services', () => services.start(reminderSender(telegram.bot.telegram, db.locales), broadcastSender(telegram.bot.telegram)));
  return { services, onboarding };
}
