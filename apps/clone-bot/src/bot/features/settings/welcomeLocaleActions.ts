import { cloneTexts } from '../../../i18n/texts';
import type { SettingsAction } from './settingActions';
import { welcomeLocaleView } from './welcomeLocaleView';
import { WELCOME_LOCALE_AWAITING } from './welcomeLocaleKeys';

/** The welcome-per-language buttons of the settings menu (joined into SETTINGS_ACTION_TABLE). `wlRm`'s argument is the language's place in the catalogs. */
export const WELCOME_LOCALE_ACTIONS = {
  wl: { show: welcomeLocaleView },
  wlEn: { ask: WELCOME_LOCALE_AWAITING.en },
  wlEs: { ask: WELCOME_LOCALE_AWAITING.es },
  wlHi: { ask: WELCOME_LOCALE_AWAITING.hi },
  wlRm: {
    refuse: (_s, i) => (Number.isInteger(i) && cloneTexts.locales[i] !== undefined ? undefined : { text: (t) => t('common.staleButton') }),
    show: welcomeLocaleView,
    change: (s, i) => {
      const rest = { ...(s.welcomeByLocale ?? {}) };
      delete rest[cloneTexts.locales[i]!];
      return { welcomeByLocale: rest };
    },
    toast: (t) => t('welcomeLocale.removed'),
  },
} satisfies Record<string, SettingsAction>;
