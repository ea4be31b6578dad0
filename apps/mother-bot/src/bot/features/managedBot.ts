import { Composer, type Context } from 'telegraf';
import { AppError, escapeHtml } from '@motherbot/core';
import type { MotherBotDeps } from '../context';
import { removeKeyboard } from '../keyboards';
import { createdLine, onboardingFailureText, startingLine } from '../replies';
import { announcePendingClone } from './admin/approvalScreens';
import { pickLocale } from '@motherbot/bot-kit';
import { motherTexts } from '../../i18n/texts';

interface ManagedBotUpdate {
  managed_bot?: { user: { id: number; language_code?: string }; bot: { id: number; username?: string } };
}

/**
 * The one-tap path (Bot API 9.6): when a user creates a bot through our `request_managed_bot`
 * button, Telegram sends a `managed_bot` update; we read the new bot's token with
 * getManagedBotToken and go on exactly as with a pasted token. Telegraf 4.16 does not know the
 * update type, so it is matched on the raw update.
 */
export function managedBotFeature(deps: MotherBotDeps): Composer<Context> {
  const composer = new Composer<Context>();
  composer.use(async (ctx, next) => {
    const event = (ctx.update as ManagedBotUpdate).managed_bot;
    if (!event?.user || !event.bot) return next(); // malformed: not Telegram's (fuzzMother.test.ts)
    const ownerId = event.user.id;
    // Telegraf does not see a sender in this update type: the locale comes from the event's user.
    const t = motherTexts.forLocale(pickLocale(motherTexts, deps.locales.choices, ownerId, event.user.language_code));
    try {
      const token = (await ctx.telegram.callApi('getManagedBotToken' as never, { user_id: event.bot.id } as never)) as unknown as string;
      const created = await deps.onboarding.createClone({ ownerId, token, source: 'managed', isAdmin: deps.isAdmin(ownerId) });
      await deps.conversations.clear(ownerId);
      await ctx.telegram.sendMessage(
        ownerId,
        `${createdLine(t, created, 'managed')}\n` + startingLine(t, created),
        { parse_mode: 'HTML', reply_markup: removeKeyboard() },
      );
      if (created.pendingApproval) await announcePendingClone(ctx.telegram, deps, { ...created, ownerId });
    } catch (error) {
      if (!(error instanceof AppError)) deps.logger.error('managed clone creation failed', { error });
      await ctx.telegram.sendMessage(ownerId, onboardingFailureText(t, error), { parse_mode: 'HTML' }).catch(() => undefined);
    }
  });
  // The service message that accompanies the update needs no answer of its own.
  composer.use(async (ctx, next) => {
    if ((ctx.message as { managed_bot_created?: unknown } | undefined)?.managed_bot_created) return;
    return next();
  });
  return composer;
}
