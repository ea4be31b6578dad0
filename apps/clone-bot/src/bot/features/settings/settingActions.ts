import { CLONE_SETTINGS_LIMITS, type CloneSettingsDoc, type OwnerAwaiting } from '@motherbot/core';
import type { Screen } from '@motherbot/bot-kit';
import type { SettingsActionName } from '../../services/callbackData';
import { adminsView, autoDeleteView, mainView, premiumView, storageView } from './views';
import { verificationView } from './verificationView';
import { WELCOME_LOCALE_ACTIONS } from './welcomeLocaleActions';
import { FORMATTED_TEXT_ACTIONS } from './formattedTextActions';
import { CAPTION_ACTIONS } from './captionActions';
import { indexChannelView } from '../channelIndexSettings';
import type { CloneTranslate } from '../../../i18n/texts';

type SettingsPatch = Partial<Omit<CloneSettingsDoc, '_id'>>;

/** A text written in the manager's language when the press is answered. */
export type Localized = (t: CloneTranslate) => string;

/** Why a press is turned down: a toast, or an alert the owner must dismiss. */
export interface Refusal {
  text: Localized;
  alert?: boolean;
}

/**
 * One settings button: who may press it, what it checks, and then either what it changes and
 * shows, or which value it asks the owner to type (see settingInputs.ts), or closing the menu.
 * `arg` is the button's numeric argument (NaN when it has none). Screens, toasts and refusals are
 * written with the translator of the manager who pressed.
 */
export type SettingsAction = {
  /** Only the owner may press it; clone admins are told so. */
  ownerOnly?: boolean;
  refuse?: (s: CloneSettingsDoc, arg: number) => Refusal | undefined;
} & (
  | { show: (s: CloneSettingsDoc, t: CloneTranslate) => Screen; change?: (s: CloneSettingsDoc, arg: number) => SettingsPatch; toast?: Localized }
  | { ask: OwnerAwaiting }
  | { close: true }
);

/** What an owner-only button answers a clone admin. */
export const ONLY_OWNER: Refusal = { text: (t) => t('settings.onlyOwnerAdmins'), alert: true };

/** The refusal of an "add" button when its list already holds `max` entries. */
const listFull = (count: number, max: number, what: 'settings.atMostChannels' | 'settings.atMostOffers'): Refusal | undefined =>
  count >= max ? { text: (t) => t(what, { max }), alert: true } : undefined;

/** Every settings button, by its callback action: adding a setting is adding an entry here. */
export const SETTINGS_ACTION_TABLE: Record<SettingsActionName, SettingsAction> = {
  main: { show: mainView },
  close: { close: true },
  protect: { show: mainView, change: (s) => ({ protectContent: !s.protectContent }) },
  search: { show: mainView, change: (s) => ({ searchEnabled: !s.searchEnabled }) },


  ad: { show: autoDeleteView },
  adSet: {
    refuse: (_s, seconds) =>
      !Number.isInteger(seconds) || seconds < 0 || seconds > CLONE_SETTINGS_LIMITS.autoDeleteMaxSeconds ? { text: (t) => t('settings.badDelay') } : undefined,
    show: autoDeleteView,
    change: (_s, seconds) => ({ autoDeleteSeconds: seconds }),
    toast: (t) => t('settings.saved'),
  },
  adCustom: { ask: 'autodelete' },

  fsAdd: { refuse: (s) => listFull(s.forceSubChannels.length, CLONE_SETTINGS_LIMITS.forceSubChannelsMax, 'settings.atMostChannels'), ask: 'channel' },

  adm: { show: adminsView },
  admAdd: { ownerOnly: true, ask: 'admin' },
  admRm: { ownerOnly: true, show: adminsView, change: (s, userId) => ({ adminIds: s.adminIds.filter((id) => id !== userId) }), toast: (t) => t('settings.removed') },

  store: { show: storageView },
  storeSet: { ask: 'storage' },
  storeOff: { show: storageView, change: () => ({ storageChannelId: null }), toast: (t) => t('settings.storageTurnedOff') },

  prem: { show: premiumView },
  premAdd: { refuse: (s) => listFull(s.premiumOffers.length, CLONE_SETTINGS_LIMITS.premiumOffersMax, 'settings.atMostOffers'), ask: 'premiumOffer' },
  premRm: { show: premiumView, change: (s, id) => ({ premiumOffers: s.premiumOffers.filter((o) => o.id !== id) }), toast: (t) => t('settings.removed') },

  vf: { show: verificationView },
  vfToggle: {
    refuse: (s) => (!s.verifyEnabled && (!s.shortenerApiUrl || !s.shortenerKey) ? { text: (t) => t('settings.shortenerFirst'), alert: true } : undefined),
    show: verificationView,
    change: (s) => ({ verifyEnabled: !s.verifyEnabled }),
  },
  vfWin: {
    refuse: (_s, hours) => ((CLONE_SETTINGS_LIMITS.verifyWindowsHours as readonly number[]).includes(hours) ? undefined : { text: (t) => t('settings.badWindow') }),
    show: verificationView,
    change: (_s, hours) => ({ verifyWindowHours: hours }),
    toast: (t) => t('settings.saved'),
  },
  vfUrl: { ask: 'shortenerUrl' },
  vfKey: { ask: 'shortenerKey' },
  vfFail: { show: verificationView, change: (s) => ({ shortenerFailMode: s.shortenerFailMode === 'deliver' ? 'retry' : 'deliver' }) },
  vfTut: { ask: 'verifyTutorial' },
  vfTutOff: { show: verificationView, change: () => ({ verifyTutorialUrl: null }), toast: (t) => t('settings.tutorialRemoved') },
  quota: { ask: 'quota' },
  ...WELCOME_LOCALE_ACTIONS,
  ...CAPTION_ACTIONS,

  idx: { show: indexChannelView },
  idxSet: { ask: 'indexChannel' },
  idxOff: { show: indexChannelView, change: () => ({ indexChannel: null }), toast: (t) => t('channelIndex.toast.off') },
  // The formatted texts, welcome photo, join-request channels and discovery (formattedTextActions.ts).
  ...FORMATTED_TEXT_ACTIONS,
};
