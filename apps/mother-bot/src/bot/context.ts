import type { AppConfig, Logger, PlatformModels } from '@motherbot/core';
import type { MotherLocales } from '../i18n/recipientLocale';
import type { CloneOnboarding } from '../services/cloneOnboarding';
import type { MotherServices } from '../services/motherServices';
import type { ConversationStore } from './conversationStore';
import type { AdminHealthDeps } from './features/admin/adminHealthFeature';

/** What the mother bot's features use; built once, passed to every feature. */
export interface MotherBotDeps {
  config: AppConfig;
  models: PlatformModels;
  logger: Logger;
  onboarding: CloneOnboarding;
  conversations: ConversationStore;
  /** Whether the mother's own getMe says `can_manage_bots` (the one-tap path is offered then). */
  canManageBots: () => boolean;
  isAdmin: (userId: number) => boolean;
  /** Health, metrics and error tracking for `/health` and `/errors` ; absent in some tests. */
  monitoring?: AdminHealthDeps['monitoring'];
  /** Webhook mode: the webhooks Telegram reports errors for, in `/health`. */
  webhooks?: AdminHealthDeps['webhooks'];
  /** Owner and admin services (clone actions, plans, payments, admin panel, privacy). */
  services: MotherServices;
  /** Users' /language choices and the locale of messages sent without an update. */
  locales: MotherLocales;
}
