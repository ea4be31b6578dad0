import type { Telegram } from 'telegraf';
import type { BotCommand, BotCommandScope } from 'telegraf/types';
import { DEFAULT_LOCALE, type Logger } from '@motherbot/core';
import { motherTexts } from '../i18n/texts';

const USER_COMMAND_NAMES = ['start', 'new', 'clones', 'referral', 'privacy', 'language', 'cancel', 'paysupport', 'help'] as const;
const ADMIN_COMMAND_NAMES = ['admin', 'health', 'errors', 'backup', 'readiness', 'setplan'] as const;

const commandsIn = (locale: string, names: readonly (typeof USER_COMMAND_NAMES[number] | typeof ADMIN_COMMAND_NAMES[number])[]): BotCommand[] =>
  names.map((command) => ({ command, description: motherTexts.t(locale, `commands.${command}`) }));

/** What everyone sees behind the "/" button in `locale` (the same list /help prints). */
export const userCommands = (locale: string = DEFAULT_LOCALE): BotCommand[] => commandsIn(locale, USER_COMMAND_NAMES);

/** The user list plus the admin commands: shown in each admin's own chat only, so nobody else sees commands they cannot use. */
export const adminCommands = (locale: string = DEFAULT_LOCALE): BotCommand[] => [...userCommands(locale), ...commandsIn(locale, ADMIN_COMMAND_NAMES)];

/** English is the list without a language code (every client without its own); each other locale is set under its code. */
const menuLanguages = (): Array<string | undefined> => motherTexts.locales.map((l) => (l === DEFAULT_LOCALE ? undefined : l));

export interface MenuScopeResult {
  scope: BotCommandScope;
  /** The list's language code; undefined for the list every other language sees (English). */
  languageCode?: string;
  /** `unchanged`: Telegram already had this list, nothing was written. */
  outcome: 'set' | 'unchanged' | 'failed';
  error?: string;
}

type MenuTelegram = Pick<Telegram, 'callApi'>;

const sameCommands = (a: readonly BotCommand[], b: readonly BotCommand[]): boolean =>
  a.length === b.length && a.every((c, i) => c.command === b[i]?.command && c.description === b[i]?.description);

/** Sets one scope's list unless Telegram already has it. */
async function publishScope(telegram: MenuTelegram, scope: BotCommandScope, languageCode: string | undefined, commands: readonly BotCommand[], signal: AbortSignal): Promise<MenuScopeResult> {
  const where = { scope, ...(languageCode ? { language_code: languageCode } : {}) };
  try {
    const current = await telegram.callApi('getMyCommands', where, { signal: signal as never });
    if (sameCommands(current, commands)) return { scope, languageCode, outcome: 'unchanged' };
    await telegram.callApi('setMyCommands', { commands: [...commands], ...where }, { signal: signal as never });
    return { scope, languageCode, outcome: 'set' };
  } catch (error) {
    return { scope, languageCode, outcome: 'failed', error: (error as Error).message };
  }
}

/**
 * Publishes the mother's command menu in every language it speaks (English without a language
 * code, each other one under its code, so Telegram shows each user the list in their app's
 * language): the user list for the default scope, and the user list plus the admin commands
 * for each admin's private chat, in every language too (Telegram prefers a chat's list to the
 * default one, so a Spanish-speaking admin would otherwise see the admin list in English). Each scope is read first and written
 * only when it differs, so a restart with the same commands writes nothing. Never rejects: a
 * menu that could not be set (Telegram down, an admin who never opened the bot: "chat not
 * found") is logged and tried again at the next start; every command works without it. The
 * whole thing gives up after `timeoutMs`, so a Telegram that does not answer holds nothing up,
 * and it logs nothing once the logger is closed (the mother stopped meanwhile).
 * Guarded by apps/mother-bot/test/commandMenu.test.ts.
 */
export async function publishCommandMenu(telegram: MenuTelegram, adminIds: readonly number[], logger: Logger, timeoutMs = 10_000): Promise<MenuScopeResult[]> {
  const signal = AbortSignal.timeout(timeoutMs);
  const results = await Promise.all(
    menuLanguages().flatMap((code) => [
      publishScope(telegram, { type: 'default' }, code, userCommands(code), signal),
      ...[...new Set(adminIds)].map((chatId) => publishScope(telegram, { type: 'chat', chat_id: chatId }, code, adminCommands(code), signal)),
    ]),
  );
  const count = (outcome: MenuScopeResult['outcome']): number => results.filter((r) => r.outcome === outcome).length;
  const summary = { set: count('set'), unchanged: count('unchanged'), failed: count('failed') };
  if (logger.writableEnded) return results;
  if (summary.failed > 0) {
    const failures = results.filter((r) => r.outcome === 'failed').map((r) => ({ scope: r.scope, error: r.error }));
    logger.warn('command menu not set for every scope; tried again at the next start', { ...summary, failures });
  } else logger.info('command menu published', summary);
  return results;
}
