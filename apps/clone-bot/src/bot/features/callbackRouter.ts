import type { Composer, Context, MiddlewareFn } from 'telegraf';
import { answerCallback, callbackData } from '@motherbot/bot-kit';
import { parseCallbackData, type CallbackAction } from '../services/callbackData';
import { cloneTexts, tr } from '../../i18n/texts';

/** The stale-button answer in English, for tests; presses are answered with `common.staleButton` in the user's language. */
export const STALE_BUTTON = cloneTexts.t('en', 'common.staleButton');

/**
 * Parses every button press once. Malformed or tampered data gets a polite answer and goes no
 * further; a valid press carries its action in `ctx.state.action` for {@link onAction}.
 */
export const parseCallbacks: MiddlewareFn<Context> = async (ctx, next) => {
  if (!ctx.callbackQuery) return next();
  const action = parseCallbackData(callbackData(ctx));
  if (!action) {
    await answerCallback(ctx, tr(ctx)('common.staleButton'));
    return;
  }
  ctx.state.action = action;
  return next();
};

/** Handles presses of one kind of button (already validated by {@link parseCallbacks}). */
export function onAction<T extends CallbackAction['type']>(
  composer: Composer<Context>,
  type: T,
  handler: (ctx: Context, action: Extract<CallbackAction, { type: T }>, userId: number) => Promise<unknown>,
): void {
  composer.on('callback_query', async (ctx, next) => {
    const action = ctx.state.action as CallbackAction | undefined;
    if (action?.type !== type) return next();
    await handler(ctx, action as Extract<CallbackAction, { type: T }>, ctx.from.id);
  });
}
