import type { Composer, Context } from 'telegraf';
import { languageFeature, localeOf } from '@motherbot/bot-kit';
import type { CloneRuntime } from '../context';
import { cloneTexts } from '../../i18n/texts';

/**
 * `/language` in a clone: a button per language in its own name, and "automatic" (Telegram's
 * language). The choice is one point write to the clone's `user_languages`, held in memory
 * from then on, so the next update is read in it; the answer is already in the new language.
 * Runs before the callback parser: its buttons are bot-kit's `lang:` data, not the clone's.
 */
export function cloneLanguageFeature(rt: CloneRuntime): Composer<Context> {
  return languageFeature({
    catalogs: cloneTexts,
    store: rt.data.languages,
    nameOf: (locale) => cloneTexts.t(locale, 'language.name'),
    texts: (locale) => ({
      prompt: cloneTexts.t(locale, 'language.prompt'),
      automatic: cloneTexts.t(locale, 'language.automatic'),
      saved: cloneTexts.t(locale, 'language.saved'),
    }),
    staleButton: (locale) => cloneTexts.t(locale, 'language.stale'),
    localeOf,
  });
}
