import { CLONE_SETTINGS_LIMITS, DEFAULT_WELCOME_TEXT } from '@motherbot/core';
import { FORMATTED_FIELD } from '../../services/ownerTexts';
import type { SettingsAction } from './settingActions';
import { discoveryScreen, forceSubScreen, welcomeScreen } from './formattedTextViews';
import { mainView } from './views';
import { verificationView } from './verificationView';

/**
 * The buttons of the formatted texts (welcome, force-subscribe, verification message), the
 * welcome photo, join-request channels and discovery. Spread last into the settings table, so
 * the welcome and force-subscribe entries here replace the plain-text ones.
 */
export const FORMATTED_TEXT_ACTIONS = {
  welcome: { show: (s, t) => welcomeScreen(s, t) },
  welcomeEdit: { ask: 'welcome' },
  welcomeReset: { show: (s, t) => welcomeScreen(s, t), change: () => ({ welcomeText: DEFAULT_WELCOME_TEXT, welcomeHtml: null }), toast: (t) => t('welcome.resetDone') },
  welcomePhoto: { ask: 'welcomePhoto' },
  welcomePhotoOff: { show: (s, t) => welcomeScreen(s, t), change: () => ({ welcomePhotoFileId: null }), toast: (t) => t('welcome.photoRemoved') },

  fs: { show: (s, t) => forceSubScreen(s, t) },
  fsRm: { show: (s, t) => forceSubScreen(s, t), change: (s, chatId) => ({ forceSubChannels: s.forceSubChannels.filter((c) => c.chatId !== chatId) }) },
  fsAddReq: {
    refuse: (s) => (s.forceSubChannels.length >= CLONE_SETTINGS_LIMITS.forceSubChannelsMax ? { text: (t) => t('forceSubscribe.full', { max: CLONE_SETTINGS_LIMITS.forceSubChannelsMax }), alert: true } : undefined),
    ask: 'requestChannel',
  },
  fsAuto: { show: (s, t) => forceSubScreen(s, t), change: (s) => ({ joinRequestAutoApprove: !s.joinRequestAutoApprove }) },
  fsText: { ask: 'forceSubText' },
  fsTextReset: { show: (s, t) => forceSubScreen(s, t), change: () => ({ forceSubHtml: null }), toast: (t) => t('forceSubscribe.textResetDone') },
  vfText: { ask: 'verifyText' },
  vfTextReset: { show: verificationView, change: () => ({ verifyHtml: null }), toast: (t) => t('verification.textResetDone') },

  draftSave: {
    refuse: (s) => (s.formattedDraft ? undefined : { text: (t) => t('welcome.noDraft'), alert: true }),
    show: (s, t) => mainView(s, t),
    change: (s) => (s.formattedDraft ? { [FORMATTED_FIELD[s.formattedDraft.target]]: s.formattedDraft.html, formattedDraft: null } : {}),
    toast: (t) => t('welcome.saved'),
  },
  draftCancel: { show: (s, t) => mainView(s, t), change: () => ({ formattedDraft: null }), toast: (t) => t('welcome.cancelled') },

  disc: { show: (s, t) => discoveryScreen(s, t) },
  discRecent: { show: (s, t) => discoveryScreen(s, t), change: (s) => ({ discoveryRecent: !s.discoveryRecent }) },
  discPopular: { show: (s, t) => discoveryScreen(s, t), change: (s) => ({ discoveryPopular: !s.discoveryPopular }) },
  discRandom: { show: (s, t) => discoveryScreen(s, t), change: (s) => ({ discoveryRandom: !s.discoveryRandom }) },
} satisfies Record<string, SettingsAction>;
