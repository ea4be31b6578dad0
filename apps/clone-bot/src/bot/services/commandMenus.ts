import type { Telegram } from 'telegraf';
import type { BotCommand, BotCommandScope } from 'telegraf/types';
import { DEFAULT_LOCALE, type Logger } from '@motherbot/core';
import { cloneTexts, type CloneTextKey } from '../../i18n/texts';

/** The commands every user sees, in menu order, with the catalog key of each description. */
export const USER_MENU: ReadonlyArray<readonly [string, CloneTextKey]> = [
  ['start', 'commands.start'],
  ['search', 'commands.search'],
  ['premium', 'commands.premium'],
  ['language', 'commands.language'],
  ['privacy', 'commands.privacy'],
  ['help', 'commands.help'],
];

/** What the owner and clone admins see in their own chat: the user menu, then the owner commands. */
export const MANAGER_MENU: ReadonlyArray<readonly [string, CloneTextKey]> = [
  ...USER_MENU,
  ['settings', 'commands.settings'],
  ['stats', 'commands.stats'],
  ['batch', 'commands.batch'],
  ['index', 'commands.index'],
  ['cancel', 'commands.cancel'],
  ['link', 'commands.link'],
  ['delete', 'commands.delete'],
  ['broadcast', 'commands.broadcast'],
  ['premium_grant', 'commands.premiumGrant'],
  ['premium_refund', 'commands.premiumRefund'],
];

export function menuIn(menu: ReadonlyArray<readonly [string, CloneTextKey]>, locale: string): BotCommand[] {
  return menu.map(([command, key]) => ({ command, description: cloneTexts.t(locale, key) }));
}

/**
 * The clone's command menus: one for users (the default scope) and one for each manager's own
 * chat (`BotCommandScopeChat`, which Telegram prefers over the default there), each in every
 * language of the catalogs: English as the menu without a language code, the others under
 * theirs. Set in the background at start and again when the clone admins change; a failure costs
 * only a menu, so it is logged and never thrown. Each scope and language is one call on its own:
 * one that fails (a manager's chat Telegram cannot find) leaves the others set, and a manager
 * whose menu failed is tried again at the next change.
 */
export class CommandMenus {
  private synced = new Set<number>();
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly telegram: Telegram,
    private readonly ownerId: number,
    private readonly logger: Logger,
  ) {}

  /** Sets the user menu and a manager menu for the owner and each of `adminIds`. */
  start(adminIds: readonly number[]): Promise<void> {
    return this.enqueue(async () => {
      for (const locale of cloneTexts.locales) await this.attempt(() => this.telegram.setMyCommands(menuIn(USER_MENU, locale), languageOf(locale)), 'default', locale);
      await this.apply(adminIds);
    });
  }

  /** Gives new managers their menu and takes it from removed ones; the others are left as they are. */
  sync(adminIds: readonly number[]): Promise<void> {
    return this.enqueue(() => this.apply(adminIds));
  }

  private async apply(adminIds: readonly number[]): Promise<void> {
    const wanted = new Set([this.ownerId, ...adminIds]);
    for (const id of wanted) {
      if (this.synced.has(id)) continue;
      let all = true;
      for (const locale of cloneTexts.locales) {
        all = (await this.attempt(() => this.telegram.setMyCommands(menuIn(MANAGER_MENU, locale), { scope: chatScope(id), ...languageOf(locale) }), id, locale)) && all;
      }
      if (all) this.synced.add(id);
    }
    for (const id of [...this.synced]) {
      if (wanted.has(id)) continue;
      for (const locale of cloneTexts.locales) await this.attempt(() => this.telegram.deleteMyCommands({ scope: chatScope(id), ...languageOf(locale) }), id, locale);
      this.synced.delete(id);
    }
  }

  /** One menu call; a failure is logged (false) and the next scope goes on. */
  private async attempt(call: () => Promise<unknown>, scope: number | 'default', locale: string): Promise<boolean> {
    try {
      await call();
      return true;
    } catch (error) {
      this.logger.warn('command menu not set', { scope, locale, error: (error as Error).message });
      return false;
    }
  }

  /** One change at a time, in order; a failed one is logged and the next still runs. */
  private enqueue(task: () => Promise<void>): Promise<void> {
    this.chain = this.chain.then(task).catch((error: unknown) => void this.logger.warn('command menus not set', { error: (error as Error).message }));
    return this.chain;
  }
}

const chatScope = (chatId: number): BotCommandScope => ({ type: 'chat', chat_id: chatId });
const languageOf = (locale: string): { language_code?: string } => (locale === DEFAULT_LOCALE ? {} : { language_code: locale });
