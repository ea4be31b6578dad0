import type { Telegram } from 'telegraf';
import type { BotCommand, BotCommandScope } from 'telegraf/types';
import type { Logger } from '@motherbot/core';

/** What everyone sees behind the "/" button (the same list /help prints). */
export const USER_COMMANDS: readonly BotCommand[] = [
  { command: 'start', description: 'Main menu' },
  { command: 'new', description: 'Create a clone' },
  { command: 'clones', description: 'Your clones' },
  { command: 'referral', description: 'Invite owners, earn free days' },
  { command: 'privacy', description: 'What is stored about you' },
  { command: 'cancel', description: 'Stop what you are doing' },
  { command: 'paysupport', description: 'Help with payments' },
  { command: 'help', description: 'All commands' },
];

/** Added for each admin, in the admin's own chat only: nobody else is shown commands they cannot use. */
export const ADMIN_COMMANDS: readonly BotCommand[] = [
  { command: 'admin', description: 'Admin panel' },
  { command: 'health', description: 'Health checks' },
  { command: 'errors', description: 'Latest kinds of error' },
  { command: 'backup', description: 'Back up every database now' },
  { command: 'readiness', description: 'Production readiness report' },
  { command: 'setplan', description: 'Add or change a plan: code days stars name' },
];

export interface MenuScopeResult {
  scope: BotCommandScope;
  /** `unchanged`: Telegram already had this list, nothing was written. */
  outcome: 'set' | 'unchanged' | 'failed';
  error?: string;
}

type MenuTelegram = Pick<Telegram, 'callApi'>;

const sameCommands = (a: readonly BotCommand[], b: readonly BotCommand[]): boolean =>
  a.length === b.length && a.every((c, i) => c.command === b[i]?.command && c.description === b[i]?.description);

/** Sets one scope's list unless Telegram already has it. */
async function publishScope(telegram: MenuTelegram, scope: BotCommandScope, commands: readonly BotCommand[], signal: AbortSignal): Promise<MenuScopeResult> {
  try {
    const current = await telegram.callApi('getMyCommands', { scope }, { signal: signal as never });
    if (sameCommands(current, commands)) return { scope, outcome: 'unchanged' };
    await telegram.callApi('setMyCommands', { commands: [...commands], scope }, { signal: signal as never });
    return { scope, outcome: 'set' };
  } catch (error) {
    return { scope, outcome: 'failed', error: (error as Error).message };
  }
}

/**
 * Publishes the mother's command menu: the user list for the default scope, and the user list
 * plus the admin commands for each admin's private chat. Each scope is read first and written
 * only when it differs, so a restart with the same commands writes nothing. Never rejects: a
 * menu that could not be set (Telegram down, an admin who never opened the bot: "chat not
 * found") is logged and tried again at the next start; every command works without it. The
 * whole thing gives up after `timeoutMs`, so a Telegram that does not answer holds nothing up,
 * and it logs nothing once the logger is closed (the mother stopped meanwhile).
 * Guarded by apps/mother-bot/test/commandMenu.test.ts.
 */
export async function publishCommandMenu(telegram: MenuTelegram, adminIds: readonly number[], logger: Logger, timeoutMs = 10_000): Promise<MenuScopeResult[]> {
  const signal = AbortSignal.timeout(timeoutMs);
  const adminCommands = [...USER_COMMANDS, ...ADMIN_COMMANDS];
  const results = await Promise.all([
    publishScope(telegram, { type: 'default' }, USER_COMMANDS, signal),
    ...[...new Set(adminIds)].map((chatId) => publishScope(telegram, { type: 'chat', chat_id: chatId }, adminCommands, signal)),
  ]);
  const count = (outcome: MenuScopeResult['outcome']): number => results.filter((r) => r.outcome === outcome).length;
  const summary = { set: count('set'), unchanged: count('unchanged'), failed: count('failed') };
  if (logger.writableEnded) return results;
  if (summary.failed > 0) {
    const failures = results.filter((r) => r.outcome === 'failed').map((r) => ({ scope: r.scope, error: r.error }));
    logger.warn('command menu not set for every scope; tried again at the next start', { ...summary, failures });
  } else logger.info('command menu published', summary);
  return results;
}
