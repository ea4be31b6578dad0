import { Composer, type Context } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { answerCallback, callbackData } from '../screens/callbackAnswers';
import { button, inlineKeyboard } from '../screens/keyboard';
import { showScreen } from '../screens/showScreen';
import { localeOf, pickLocale, type LocaleChoices, type LocaleSource } from './locale';

/** Callback data of the language buttons: `lang:<locale>`, or `lang:auto` for the Telegram language. */
export const LANGUAGE_CALLBACK_PREFIX = 'lang:';
export const AUTOMATIC_LANGUAGE = 'auto';

/** The menu's texts: the same keys in every bot's catalog. */
export type LanguageTextKey = 'language.name' | 'language.prompt' | 'language.automatic' | 'language.saved' | 'language.stale';

/** The translator as the language menu sees it: its locales, and the menu's texts in each. */
export interface LanguageCatalogs extends LocaleSource {
  readonly locales: readonly string[];
  t(locale: string, key: LanguageTextKey): string;
}

/** Where the menu keeps a choice: the in-memory store of choices (core's UserLanguages). */
export interface LanguageStore extends LocaleChoices {
  set(userId: number, locale: string | null): Promise<void>;
}

/**
 * One button per language, labelled with the language's own name (a user who cannot read the
 * current language still finds theirs), and "automatic" last; the current choice is ticked.
 */
export function languageKeyboard(
  locales: readonly string[],
  nameOf: (locale: string) => string,
  automaticLabel: string,
  current: string | undefined,
): InlineKeyboardMarkup {
  const tick = (label: string, selected: boolean): string => (selected ? `✅ ${label}` : label);
  return inlineKeyboard([
    locales.map((l) => button(tick(nameOf(l), current === l), `${LANGUAGE_CALLBACK_PREFIX}${l}`)),
    [button(tick(automaticLabel, current === undefined), `${LANGUAGE_CALLBACK_PREFIX}${AUTOMATIC_LANGUAGE}`)],
  ]);
}

/**
 * The choice a language button carries: a locale the bot has, `null` for automatic, or
 * undefined for anything else (a tampered or stale button, a language since removed).
 */
export function parseLanguageChoice(data: string, locales: readonly string[]): string | null | undefined {
  if (!data.startsWith(LANGUAGE_CALLBACK_PREFIX)) return undefined;
  const value = data.slice(LANGUAGE_CALLBACK_PREFIX.length);
  if (value === AUTOMATIC_LANGUAGE) return null;
  return locales.includes(value) ? value : undefined;
}

/**
 * `/language` and its buttons, the same in both bots: the choice is stored (a point write,
 * then held in memory), the next update is read in it, and the answer is already in the new
 * language. "Automatic" forgets the choice, so Telegram's `language_code` decides again.
 */
export function languageFeature(catalogs: LanguageCatalogs, store: LanguageStore): Composer<Context> {
  const nameOf = (locale: string): string => catalogs.t(locale, 'language.name');
  const screen = (ctx: Context, locale: string, saved?: string): Promise<void> => {
    const prompt = catalogs.t(locale, 'language.prompt');
    const current = ctx.from ? store.get(ctx.from.id) : undefined;
    const text = saved ? `${saved}\n\n${prompt}` : prompt;
    return showScreen(ctx, { text, keyboard: languageKeyboard(catalogs.locales, nameOf, catalogs.t(locale, 'language.automatic'), current) }, { linkPreviews: false });
  };
  const composer = new Composer<Context>();
  composer.command('language', (ctx) => screen(ctx, localeOf(ctx)));
  composer.action(/^lang:/, async (ctx) => {
    const choice = parseLanguageChoice(callbackData(ctx), catalogs.locales);
    if (choice === undefined) return answerCallback(ctx, catalogs.t(localeOf(ctx), 'language.stale'), true);
    await store.set(ctx.from.id, choice);
    const locale = pickLocale(catalogs, store, ctx.from.id, ctx.from.language_code);
    ctx.state.locale = locale;
    const saved = catalogs.t(locale, 'language.saved');
    await answerCallback(ctx, saved);
    await screen(ctx, locale, saved);
  });
  return composer;
}
