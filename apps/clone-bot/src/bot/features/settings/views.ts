/** The settings screens: each one the settings as they are now, and the buttons that change them. */
import { escapeHtml, type CloneSettingsDoc } from '@motherbot/core';
import { button, inlineKeyboard, type Screen } from '@motherbot/bot-kit';
import { cb } from '../../services/callbackData';
import { welcomePlainOf } from '../../services/ownerTexts';
import { cloneTexts } from '../../../i18n/texts';
import { formatDuration } from '../../services/durations';
import { captionMenuButton, captionMenuLine } from './captionView';

const onOff = (value: boolean): string => (value ? 'on' : 'off');
const back = [button('⬅️ Back', cb.settings('main'))];
export const AUTO_DELETE_PRESETS = [0, 60, 300, 600, 1800, 3600, 86_400] as const;

/** The discovery screen's button (formattedTextViews.ts), in the catalog's English like the table's other screens. */
const discoveryLabel = cloneTexts.t('en', 'discovery.button');

export function mainView(s: CloneSettingsDoc): Screen {
  const plain = welcomePlainOf(s);
  const welcome = plain.length > 120 ? `${plain.slice(0, 120)}…` : plain;
  const text = [
    '⚙️ <b>Settings</b>',
    `Welcome text: <i>${escapeHtml(welcome)}</i>`,
    `Force-subscribe: ${s.forceSubChannels.length} channel(s)`,
    `Protect content: ${onOff(s.protectContent)}`,
    `Auto-delete: ${s.autoDeleteSeconds > 0 ? `after ${formatDuration(s.autoDeleteSeconds)}` : 'off'}`,
    `Search: ${onOff(s.searchEnabled)}`,
    `Storage channel: ${s.storageChannelId === null ? 'none (files kept by file id)' : `<code>${s.storageChannelId}</code>`}`,
    `Clone admins: ${s.adminIds.length}`,
    `Verification: ${s.verifyEnabled ? `on (${s.verifyWindowHours} h)` : 'off'}, daily limit: ${s.dailyFileQuota > 0 ? s.dailyFileQuota : 'off'}`,
    `Premium offers: ${s.premiumOffers.length}`,
    captionMenuLine(s),
  ].join('\n');
  return {
    text,
    keyboard: inlineKeyboard([
      [button('✏️ Welcome text', cb.settings('welcome')), button('📢 Force-subscribe', cb.settings('fs'))],
      [button(`🔒 Protect: ${onOff(s.protectContent)}`, cb.settings('protect')), button(`🔍 Search: ${onOff(s.searchEnabled)}`, cb.settings('search'))],
      [button('⏳ Auto-delete', cb.settings('ad')), button('🗄 Storage channel', cb.settings('store'))],
      [button('⭐ Premium', cb.settings('prem')), button('🔐 Verification', cb.settings('vf'))],
      [captionMenuButton()],
      [button(discoveryLabel, cb.settings('disc'))],
      [button('👥 Clone admins', cb.settings('adm')), button(cloneTexts.t('en', 'channelIndex.menuButton'), cb.settings('idx'))],
      [button('✖️ Close', cb.settings('close'))],
    ]),
  };
}

export function welcomeView(s: CloneSettingsDoc): Screen {
  return {
    text: `✏️ <b>Welcome text</b>\n\n${escapeHtml(s.welcomeText)}\n\nPlaceholders: {first_name} {last_name} {full_name} {username} {id}`,
    keyboard: inlineKeyboard([
      [button('Edit', cb.settings('welcomeEdit')), button('Reset to default', cb.settings('welcomeReset'))],
      back,
    ]),
  };
}

export function autoDeleteView(s: CloneSettingsDoc): Screen {
  const label = (sec: number): string => `${sec === s.autoDeleteSeconds ? '✅ ' : ''}${sec === 0 ? 'Off' : formatDuration(sec)}`;
  const presets = AUTO_DELETE_PRESETS.map((sec) => button(label(sec), cb.settings('adSet', sec)));
  return {
    text: '⏳ <b>Auto-delete</b>\nDelivered files are deleted from the user\'s chat after this delay (the user is told).',
    keyboard: inlineKeyboard([presets.slice(0, 4), presets.slice(4), [button('Custom…', cb.settings('adCustom'))], back]),
  };
}

export function channelsView(s: CloneSettingsDoc): Screen {
  const lines = s.forceSubChannels.map((c, i) => `${i + 1}. ${escapeHtml(c.title)} <code>${c.chatId}</code>`);
  return {
    text: `📢 <b>Force-subscribe</b>\nUsers must join these before they get files. This bot must be an administrator of each.\n\n${lines.join('\n') || 'No channels.'}`,
    keyboard: inlineKeyboard([
      ...s.forceSubChannels.map((c) => [button(`Remove ${c.title}`.slice(0, 60), cb.settings('fsRm', c.chatId))]),
      [button('➕ Add channel', cb.settings('fsAdd'))],
      back,
    ]),
  };
}

export function adminsView(s: CloneSettingsDoc): Screen {
  const lines = s.adminIds.map((id) => `• <code>${id}</code>`);
  return {
    text: `👥 <b>Clone admins</b>\nThey can upload files and use every owner command and setting, except this list.\n\n${lines.join('\n') || 'None.'}`,
    keyboard: inlineKeyboard([
      ...s.adminIds.map((id) => [button(`Remove ${id}`, cb.settings('admRm', id))]),
      [button('➕ Add admin', cb.settings('admAdd'))],
      back,
    ]),
  };
}

export function storageView(s: CloneSettingsDoc): Screen {
  const current = s.storageChannelId === null ? 'none: files are kept by this bot\'s own file id' : `<code>${s.storageChannelId}</code>`;
  return {
    text: `🗄 <b>Storage channel</b>\nNew uploads are copied there and delivered from there. This bot must be an administrator of it.\n\nNow: ${current}`,
    keyboard: inlineKeyboard([
      [button('Set channel', cb.settings('storeSet')), button('Turn off', cb.settings('storeOff'))],
      back,
    ]),
  };
}

/** One offer as owners and buyers read it: `30 days for 100 ⭐`. */
export const offerLabel = (o: { days: number; stars: number }): string => `${o.days} day${o.days === 1 ? '' : 's'} for ${o.stars} ⭐`;

export function premiumView(s: CloneSettingsDoc): Screen {
  const lines = s.premiumOffers.map((o, i) => `${i + 1}. ${offerLabel(o)}`);
  return {
    text:
      '⭐ <b>Premium</b>\nUsers buy these with /premium, paid in Telegram Stars to this bot. Changing or removing an offer refuses invoices already sent for it.\n' +
      'Grant, extend or revoke by hand: /premium_grant &lt;user id&gt; &lt;days&gt;, /premium_revoke &lt;user id&gt;; refund: /premium_refund &lt;receipt id&gt;.\n\n' +
      (lines.join('\n') || 'No offers: /premium sells nothing.'),
    keyboard: inlineKeyboard([
      ...s.premiumOffers.map((o) => [button(`Remove ${offerLabel(o)}`, cb.settings('premRm', o.id))]),
      [button('➕ Add offer', cb.settings('premAdd'))],
      back,
    ]),
  };
}
