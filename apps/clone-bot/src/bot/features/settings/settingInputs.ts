import { CLONE_SETTINGS_LIMITS, type OwnerAwaiting } from '@motherbot/core';
import { parseDuration } from '../../services/durations';
import { formatDurationIn } from '../../services/durationText';
import { addChat } from './chatInput';
import { VERIFICATION_INPUTS } from './verificationInputs';
import { WELCOME_LOCALE_INPUTS } from './welcomeLocaleInputs';
import { FORMATTED_TEXT_INPUTS } from './formattedTextInputs';
import { CAPTION_INPUTS } from './captionInputs';
import type { InputResult, TypedValue } from './inputTypes';
import { adminsView, autoDeleteView } from './views';
import { addPremiumOffer } from './premiumOfferInput';
import { connectIndexChannel } from '../channelIndexSettings';
import { tr } from '../../../i18n/texts';
import type { Localized } from './settingActions';

/** A value a settings button asks for: the question (in the manager's language), and what the answer does. */
export interface SettingInput {
  prompt: Localized;
  accept: (input: TypedValue) => Promise<InputResult>;
}

/** Every value a settings button can ask the owner to type, by the step stored in the owner's session. */
export const SETTING_INPUTS: Record<OwnerAwaiting, SettingInput> = {
  ...VERIFICATION_INPUTS,
  ...WELCOME_LOCALE_INPUTS,
  ...FORMATTED_TEXT_INPUTS,
  ...CAPTION_INPUTS,
  channel: {
    prompt: (t) => t('settings.channelPrompt'),
    accept: (input) => addChat(input, 'channel'),
  },
  admin: {
    prompt: (t) => t('settings.adminPrompt'),
    accept: async ({ rt, ctx, text, forwarded }) => {
      const t = tr(ctx);
      const id = forwarded?.type === 'user' ? forwarded.sender_user.id : /^\d{1,15}$/.test(text.trim()) ? Number(text.trim()) : NaN;
      if (!Number.isSafeInteger(id) || id <= 0) return { done: false, error: t('settings.notUserId') };
      if (id === rt.deps.ownerId) return { done: false, error: t('settings.adminIsOwner') };
      const s0 = await rt.settings.get();
      if (s0.adminIds.includes(id)) return { done: true, note: t('settings.alreadyAdmin'), screen: adminsView(s0, t) };
      if (s0.adminIds.length >= CLONE_SETTINGS_LIMITS.adminsMax) return { done: false, error: t('settings.atMostAdmins', { max: CLONE_SETTINGS_LIMITS.adminsMax }) };
      const s = await rt.settings.update({ adminIds: [...s0.adminIds, id] });
      return { done: true, note: t('settings.adminAdded', { id }), screen: adminsView(s, t) };
    },
  },
  autodelete: {
    prompt: (t) => t('settings.autoDeletePrompt'),
    accept: async ({ rt, ctx, text }) => {
      const t = tr(ctx);
      const seconds = parseDuration(text);
      if (seconds === null || seconds > CLONE_SETTINGS_LIMITS.autoDeleteMaxSeconds) return { done: false, error: t('settings.badDelayTyped') };
      const s = await rt.settings.update({ autoDeleteSeconds: seconds });
      return { done: true, note: seconds === 0 ? t('settings.autoDeleteTurnedOff') : t('settings.autoDeleteSet', { delay: formatDurationIn(t, seconds) }), screen: autoDeleteView(s, t) };
    },
  },
  storage: {
    prompt: (t) => t('settings.storagePrompt'),
    accept: (input) => addChat(input, 'storage'),
  },
  premiumOffer: {
    prompt: (t) => t('settings.premiumOfferPrompt', { maxDays: CLONE_SETTINGS_LIMITS.premiumDaysMax, maxStars: CLONE_SETTINGS_LIMITS.premiumStarsMax }),
    accept: addPremiumOffer,
  },
  indexChannel: {
    prompt: (t) => t('channelIndex.prompt'),
    accept: connectIndexChannel,
  },
};
