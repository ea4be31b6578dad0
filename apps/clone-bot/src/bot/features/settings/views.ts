/** The settings screens: each one the settings as they are now, and the buttons that change them, in the manager's language. */
import { escapeHtml, type CloneSettingsDoc } from '@motherbot/core';
import { button, inlineKeyboard, type Screen } from '@motherbot/bot-kit';
import { cb } from '../../services/callbackData';
import { formatDurationIn } from '../../services/durationText';
import { isDefaultWelcome, welcomePlainOf } from '../../services/ownerTexts';
import { cloneTexts, type CloneTranslate } from '../../../i18n/texts';
import { captionMenuButton, captionMenuLine } from './captionView';

/** English, for callers outside the menu (tests); the menu passes the manager's translator. */
const EN: CloneTranslate = cloneTexts.forLocale('en');
const onOff = (t: CloneTranslate, value: boolean): string => (value ? t('settings.on') : t('settings.off'));
const back = (t: CloneTranslate) => [button(t('settings.back'), cb.settings('main'))];
export const AUTO_DELETE_PRESETS = [0, 60, 300, 600, 1800, 3600, 86_400] as const;

export function mainView(s: CloneSettingsDoc, t: CloneTranslate = EN): Screen {
  // Untouched, users get the bot's own welcome in their language: shown in the manager's.
  const plain = isDefaultWelcome(s) ? t('welcomeLocale.default') : welcomePlainOf(s);
  const welcome = plain.length > 120 ? `${plain.slice(0, 120)}…` : plain;
  const text = [
    t('settings.title'),
    t('settings.welcomeLine', { text: escapeHtml(welcome) }),
    t('settings.forceSubLine', { count: s.forceSubChannels.length }),
    t('settings.protectLine', { state: onOff(t, s.protectContent) }),
    s.autoDeleteSeconds > 0 ? t('settings.autoDeleteAfter', { delay: formatDurationIn(t, s.autoDeleteSeconds) }) : t('settings.autoDeleteOff'),
    t('settings.searchLine', { state: onOff(t, s.searchEnabled) }),
    s.storageChannelId === null ? t('settings.storageNone') : t('settings.storageLine', { id: s.storageChannelId }),
    t('settings.adminsLine', { count: s.adminIds.length }),
    t('settings.verificationLine', {
      verification: s.verifyEnabled ? t('settings.verifyOnHours', { hours: s.verifyWindowHours }) : t('settings.off'),
      limit: s.dailyFileQuota > 0 ? s.dailyFileQuota : t('settings.off'),
    }),
    t('settings.premiumLine', { count: s.premiumOffers.length }),
    captionMenuLine(s, t),
  ].join('\n');
  return {
    text,
    keyboard: inlineKeyboard([
      [button(t('settings.welcomeButton'), cb.settings('welcome')), button(t('settings.forceSubButton'), cb.settings('fs'))],
      [button(t('settings.protectButton', { state: onOff(t, s.protectContent) }), cb.settings('protect')), button(t('settings.searchButton', { state: onOff(t, s.searchEnabled) }), cb.settings('search'))],
      [button(t('settings.autoDeleteButton'), cb.settings('ad')), button(t('settings.storageButton'), cb.settings('store'))],
      [button(t('settings.premiumButton'), cb.settings('prem')), button(t('settings.verificationButton'), cb.settings('vf'))],
      [button(t('discovery.button'), cb.settings('disc'))],
      [captionMenuButton(t)],
      [button(t('settings.adminsButton'), cb.settings('adm')), button(t('channelIndex.menuButton'), cb.settings('idx'))],
      [button(t('settings.closeButton'), cb.settings('close'))],
    ]),
  };
}

export function autoDeleteView(s: CloneSettingsDoc, t: CloneTranslate = EN): Screen {
  const label = (sec: number): string => `${sec === s.autoDeleteSeconds ? '✅ ' : ''}${sec === 0 ? t('settings.offChoice') : formatDurationIn(t, sec)}`;
  const presets = AUTO_DELETE_PRESETS.map((sec) => button(label(sec), cb.settings('adSet', sec)));
  return {
    text: t('settings.autoDeleteView'),
    keyboard: inlineKeyboard([presets.slice(0, 4), presets.slice(4), [button(t('settings.custom'), cb.settings('adCustom'))], back(t)]),
  };
}

export function adminsView(s: CloneSettingsDoc, t: CloneTranslate = EN): Screen {
  const lines = s.adminIds.map((id) => `• <code>${id}</code>`);
  return {
    text: t('settings.adminsView', { admins: lines.join('\n') || t('settings.noAdmins') }),
    keyboard: inlineKeyboard([
      ...s.adminIds.map((id) => [button(t('settings.remove', { name: id }), cb.settings('admRm', id))]),
      [button(t('settings.addAdmin'), cb.settings('admAdd'))],
      back(t),
    ]),
  };
}

export function storageView(s: CloneSettingsDoc, t: CloneTranslate = EN): Screen {
  const current = s.storageChannelId === null ? t('settings.storageNoneLong') : `<code>${s.storageChannelId}</code>`;
  return {
    text: t('settings.storageView', { current }),
    keyboard: inlineKeyboard([
      [button(t('settings.setChannel'), cb.settings('storeSet')), button(t('settings.turnOff'), cb.settings('storeOff'))],
      back(t),
    ]),
  };
}

/** One offer as owners and buyers read it: `30 days for 100 ⭐`. */
export const offerLabel = (o: { days: number; stars: number }, t: CloneTranslate = EN): string => t('premium.offerLabel', { count: o.days, stars: o.stars });

export function premiumView(s: CloneSettingsDoc, t: CloneTranslate = EN): Screen {
  const lines = s.premiumOffers.map((o, i) => `${i + 1}. ${offerLabel(o, t)}`);
  return {
    text: t('settings.premiumView', { offers: lines.join('\n') || t('settings.noOffers') }),
    keyboard: inlineKeyboard([
      ...s.premiumOffers.map((o) => [button(t('settings.remove', { name: offerLabel(o, t) }), cb.settings('premRm', o.id))]),
      [button(t('settings.addOffer'), cb.settings('premAdd'))],
      back(t),
    ]),
  };
}
