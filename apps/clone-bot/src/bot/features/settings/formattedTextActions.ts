import { CLONE_SETTINGS_LIMITS, DEFAULT_LOCALE, DEFAULT_WELCOME_TEXT } from '@motherbot/core';
import { FORMATTED_FIELD } from '../../services/ownerTexts';
import { cloneTexts } from '../../../i18n/texts';
import type { SettingsAction } from './settingActions';
import { discoveryScreen, forceSubScreen, welcomeScreen } from './formattedTextViews';
import { mainView } from './views';
import { verificationView } from './verificationView';

const EN = cloneTexts.forLocale(DEFAULT_LOCALE);

/**
 * The buttons of the formatted texts (welcome, force-subscribe, verification message), the
 * welcome photo, join-request channels and discovery. Spread last into the settings table, so
 * the welcome and force-subscribe entries here replace the plain-text ones.
 */
export const FORMATTED_TEXT_ACTIONS = {
  welcome: { show: (s) => welcomeScreen(s) },
  welcomeEdit: { ask: 'welcome' },
  welcomeReset: { show: (s) => welcomeScreen(s), change: () => ({ welcomeText: DEFAULT_WELCOME_TEXT, welcomeHtml: null }), toast: EN('welcome.resetDone') },
  welcomePhoto: { ask: 'welcomePhoto' },
  welcomePhotoOff: { show: (s) => welcomeScreen(s), change: () => ({ welcomePhotoFileId: null }), toast: EN('welcome.photoRemoved') },

  fs: { show: (s) => forceSubScreen(s) },
  fsRm: { show: (s) => forceSubScreen(s), change: (s, chatId) => ({ forceSubChannels: s.forceSubChannels.filter((c) => c.chatId !== chatId) }) },
  fsAddReq: {
    refuse: (s) => (s.forceSubChannels.length >= CLONE_SETTINGS_LIMITS.forceSubChannelsMax ? { text: EN('forceSubscribe.full', { max: CLONE_SETTINGS_LIMITS.forceSubChannelsMax }), alert: true } : undefined),
    ask: 'requestChannel',
  },
  fsAuto: { show: (s) => forceSubScreen(s), change: (s) => ({ joinRequestAutoApprove: !s.joinRequestAutoApprove }) },
  fsText: { ask: 'forceSubText' },
  fsTextReset: { show: (s) => forceSubScreen(s), change: () => ({ forceSubHtml: null }), toast: EN('forceSubscribe.textResetDone') },
  vfText: { ask: 'verifyText' },
  vfTextReset: { show: verificationView, change: () => ({ verifyHtml: null }), toast: EN('verification.textResetDone') },

  draftSave: {
    refuse: (s) => (s.formattedDraft ? undefined : { text: EN('welcome.noDraft'), alert: true }),
    show: (s) => mainView(s),
    change: (s) => (s.formattedDraft ? { [FORMATTED_FIELD[s.formattedDraft.target]]: s.formattedDraft.html, formattedDraft: null } : {}),
    toast: EN('welcome.saved'),
  },
  draftCancel: { show: (s) => mainView(s), change: () => ({ formattedDraft: null }), toast: EN('welcome.cancelled') },

  disc: { show: (s) => discoveryScreen(s) },
  discRecent: { show: (s) => discoveryScreen(s), change: (s) => ({ discoveryRecent: !s.discoveryRecent }) },
  discPopular: { show: (s) => discoveryScreen(s), change: (s) => ({ discoveryPopular: !s.discoveryPopular }) },
  discRandom: { show: (s) => discoveryScreen(s), change: (s) => ({ discoveryRandom: !s.discoveryRandom }) },
} satisfies Record<string, SettingsAction>;
