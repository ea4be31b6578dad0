import { AppError, escapeHtml } from '@motherbot/core';

/** The owner-facing sentence for an onboarding failure; never a stack, never a token. */
export function onboardingFailureText(error: unknown): string {
  if (!(error instanceof AppError)) return 'Something went wrong on our side. Please try again in a minute.';
  switch (error.code) {
    case 'TOKEN_MALFORMED':
      return 'That does not look like a bot token. A token looks like <code>123456789:AA…</code> — copy it from @BotFather.';
    case 'TOKEN_INVALID':
      return 'Telegram says this token is not valid (it may have been revoked). Get a fresh one from @BotFather with /token.';
    case 'TOKEN_CHECK_UNAVAILABLE':
      return 'I could not reach Telegram to check the token. Nothing was saved — please send it again in a moment.';
    case 'BOT_DUPLICATE':
      return error.context.sameOwner
        ? `@${escapeHtml(String(error.context.botUsername))} is already one of your clones.`
        : `@${escapeHtml(String(error.context.botUsername))} is already a clone here. Each bot can run only once.`;
    case 'CLONE_LIMIT':
      return `You already have ${String(error.context.limit)} clones, the most allowed. Delete one to add another.`;
    case 'TOKEN_BOT_MISMATCH':
      return 'This token belongs to a different bot. Send the new token of the same bot.';
    case 'CLONE_NOT_FOUND':
      return 'That clone does not exist any more.';
    default:
      return 'Something went wrong on our side. Please try again in a minute.';
  }
}

/** The last line of "your clone is created": it starts now, or it waits for the admins' approval. */
export function startingLine(created: { pendingApproval?: boolean }): string {
  return created.pendingApproval
    ? '🕒 New clones are approved by the admins on this platform: it starts as soon as they approve it, and I will tell you.'
    : 'Starting it now — I will tell you when it answers.';
}
