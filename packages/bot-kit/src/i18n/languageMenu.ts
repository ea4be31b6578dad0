import { Composer, type Context } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { answerCallback, callbackData } from '../screens/callbackAnswers';
import { button, inlineKeyboard } from '../screens/keyboard';
import { showScreen } from '../screens/showScreen';
import { pickLocale, type LocaleChoices, type LocaleSource } from './locale';

/** Callback data of the language buttons: `lang:<locale>`, or `lang:auto` for the Telegram language. */
export const LANGUAGE_CALLBACK_PREFIX = 'lang:';
export const AUTOMATIC_LANGUAGE = 'auto';

/** The translator as the language menu sees it: its locales, and each one's name in its own words. */
export interface LanguageCatalogs extends LocaleSource {
  readonly locales: readonly string[];
}

/** Where the menu keeps a choice: the in-memory store of choices (core's UserLanguages). */
export interface LanguageStore extends LocaleChoices {
  set(userId: number, locale: string | null): Promise<void>;
}

/** The menu's texts in one locale; the bot takes them from its own catalog. */
export interface LanguageMenuTexts {
  /** The question above the buttons; may name the current choice. */
  prompt: string;
  /** The label of "automatic (Telegram's language)". */
  automatic: string;
  /** The answer after a choice, in the newly chosen language. */
  saved: string;
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

export interface LanguageFeatureOptions {
  catalogs: LanguageCatalogs;
  store: LanguageStore;
  /** Each locale's name in its own words (the catalog's `language.name`). */
  nameOf: (locale: string) => string;
  texts: (locale: string) => LanguageMenuTexts;
  /** Answer to a button whose choice is not valid (in the user's current locale). */
  staleButton: (locale: string) => string;
  /** The update's locale, as the locale middleware set it. */
  localeOf: (ctx: Context) => string;
}

/**
 * `/language` and its buttons, the same in both bots: the choice is stored (a point write,
 * then held in memory), the next update is read in it, and the answer is already in the new
 * language. "Automatic" forgets the choice, so Telegram's `language_code` decides again.
 */
export function languageFeature(options: LanguageFeatureOptions): Composer<Context> {
  const { catalogs, store, nameOf, texts, localeOf } = options;
  const screen = (ctx: Context, locale: string, saved?: string): Promise<void> => {
    const t = texts(locale);
    const current = ctx.from ? store.get(ctx.from.id) : undefined;
    const text = saved ? `${saved}\n\n${t.prompt}` : t.prompt;
    return showScreen(ctx, { text, keyboard: languageKeyboard(catalogs.locales, nameOf, t.automatic, current) }, { linkPreviews: false });
  };
  const composer = new Composer<Context>();
  composer.command('language', (ctx) => screen(ctx, localeOf(ctx)));
  composer.action(/^lang:/, async (ctx) => {
    const choice = parseLanguageChoice(callbackData(ctx), catalogs.locales);
    if (choice === undefined) return answerCallback(ctx, options.staleButton(localeOf(ctx)), true);
    await store.set(ctx.from.id, choice);
    const locale = pickLocale(catalogs, store, ctx.from.id, ctx.from.language_code);
    ctx.state.locale = locale;
    await answerCallback(ctx, texts(locale).saved);
    await screen(ctx, locale, texts(locale).saved);
  });
  return composer;
}
