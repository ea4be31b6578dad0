import type { Composer, Context } from 'telegraf';
import { languageFeature as sharedLanguageFeature, localeOf } from '@motherbot/bot-kit';
import { motherTexts } from '../../i18n/texts';
import type { MotherBotDeps } from '../context';

/** `/language`: bot-kit's language menu with the mother's texts and store of choices. */
export function languageFeature(deps: MotherBotDeps): Composer<Context> {
  return sharedLanguageFeature({
    catalogs: motherTexts,
    store: deps.locales.choices,
    nameOf: (locale) => motherTexts.t(locale, 'language.name'),
    texts: (locale) => ({
      prompt: motherTexts.t(locale, 'language.prompt'),
      automatic: motherTexts.t(locale, 'language.automatic'),
      saved: motherTexts.t(locale, 'language.saved'),
    }),
    staleButton: (locale) => motherTexts.t(locale, 'common.staleButton'),
    localeOf,
  });
}
