import type { Context, MiddlewareFn } from 'telegraf';
import { DEFAULT_LOCALE } from '@motherbot/core';

/** What the middleware needs to pick a locale: the translator's `resolve` and the users' own choices. */
export interface LocaleSource {
  resolve(languageCode: string | null | undefined): string;
  has(locale: string): boolean;
}
export interface LocaleChoices {
  get(userId: number): string | undefined;
}

/**
 * Picks each update's locale once, before any feature runs: the language the user chose with
 * /language, else the `language_code` Telegram sends with the user, else English. Handlers read
 * it with `localeOf(ctx)`. No database read: the choices are held in memory.
 */
export function localeMiddleware(source: LocaleSource, choices?: LocaleChoices): MiddlewareFn<Context> {
  return (ctx, next) => {
    ctx.state.locale = pickLocale(source, choices, ctx.from?.id, ctx.from?.language_code);
    return next();
  };
}

export function pickLocale(source: LocaleSource, choices: LocaleChoices | undefined, userId: number | undefined, languageCode: string | undefined): string {
  const chosen = userId === undefined ? undefined : choices?.get(userId);
  return chosen && source.has(chosen) ? chosen : source.resolve(languageCode);
}

/** The update's locale (English outside the middleware). */
export function localeOf(ctx: Context): string {
  const locale = (ctx.state as { locale?: unknown }).locale;
  return typeof locale === 'string' ? locale : DEFAULT_LOCALE;
}
