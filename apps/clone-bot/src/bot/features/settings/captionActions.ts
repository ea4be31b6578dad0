import type { SettingsAction } from './settingActions';
import { captionView } from './captionView';

/** The caption template and file-button buttons of the settings menu (joined into SETTINGS_ACTION_TABLE). */
export const CAPTION_ACTIONS = {
  cap: { show: captionView },
  capEdit: { ask: 'captionTemplate' },
  capOff: { show: captionView, change: () => ({ captionTemplate: null, captionTemplateDraft: null }), toast: (t) => t('captions.removed') },
  capKeep: { show: captionView, change: (s) => ({ keepOriginalCaption: !s.keepOriginalCaption }) },
  // The template typed and previewed is saved only here.
  capSave: {
    refuse: (s) => (s.captionTemplateDraft === null ? { text: (t) => t('captions.noDraft'), alert: true } : undefined),
    show: captionView,
    change: (s) => ({ captionTemplate: s.captionTemplateDraft, captionTemplateDraft: null }),
    toast: (t) => t('captions.saved'),
  },
  capDrop: { show: captionView, change: () => ({ captionTemplateDraft: null }), toast: (t) => t('captions.discarded') },
  btnOff: { show: captionView, change: () => ({ fileButton: 'none' }) },
  btnShare: { show: captionView, change: () => ({ fileButton: 'share' }) },
  btnChan: { ask: 'fileButtonUrl' },
} satisfies Record<string, SettingsAction>;
