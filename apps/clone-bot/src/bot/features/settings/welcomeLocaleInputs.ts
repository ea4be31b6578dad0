import { CLONE_SETTINGS_LIMITS } from '@motherbot/core';
import { localeOf } from '@motherbot/bot-kit';
import { cloneTexts } from '../../../i18n/texts';
import { renderWelcome, worstCaseTextLength } from '../../welcomeText';
import { escapeHtmlText } from '../../services/entitiesToHtml';
import { MESSAGE_TEXT_MAX } from '../../services/ownerTexts';
import type { SettingInput } from './settingInputs';
import { WELCOME_LOCALE_AWAITING, type WelcomeLocale } from './welcomeLocaleKeys';
import { welcomeLocaleView } from './welcomeLocaleView';

/** The owner's welcome for `locale`, typed as plain text; placeholders as in the main welcome. */
function welcomeInput(locale: WelcomeLocale): SettingInput {
  const language = cloneTexts.t(locale, 'language.name');
  const max = CLONE_SETTINGS_LIMITS.welcomeTextMax;
  return {
    prompt: (t) => t('welcomeLocale.prompt', { language, max }),
    accept: async ({ rt, ctx, text }) => {
      const t = cloneTexts.forLocale(localeOf(ctx));
      const value = text.trim();
      if (!value) return { done: false, error: t('welcomeLocale.empty') };
      if (value.length > max) return { done: false, error: t('welcomeLocale.tooLong', { length: value.length, max }) };
      // As the main welcome: every placeholder at its longest must still fit one message.
      const filled = worstCaseTextLength(escapeHtmlText(value));
      if (filled > MESSAGE_TEXT_MAX) return { done: false, error: t('welcome.tooLong', { length: filled, max: MESSAGE_TEXT_MAX }) };
      const current = await rt.settings.get();
      const s = await rt.settings.update({ welcomeByLocale: { ...(current.welcomeByLocale ?? {}), [locale]: value } });
      return { done: true, note: `${t('welcomeLocale.saved', { language })}\n\n${renderWelcome(value, ctx.from!)}`, screen: welcomeLocaleView(s, t) };
    },
  };
}

/** The values the welcome-per-language buttons ask for (joined into SETTING_INPUTS). */
export const WELCOME_LOCALE_INPUTS = {
  [WELCOME_LOCALE_AWAITING.en]: welcomeInput('en'),
  [WELCOME_LOCALE_AWAITING.es]: welcomeInput('es'),
  [WELCOME_LOCALE_AWAITING.hi]: welcomeInput('hi'),
} satisfies Record<string, SettingInput>;
