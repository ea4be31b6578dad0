import { Markup } from 'telegraf';
import type { InlineKeyboardMarkup } from 'telegraf/types';
import { escapeHtml, type CloneSettingsDoc } from '@motherbot/core';
import { cb } from '../../services/callbackData';
import { formatDuration } from '../../services/durations';

/** A settings screen: HTML text and its buttons. */
export interface View {
  text: string;
  keyboard: { reply_markup: InlineKeyboardMarkup };
}

const onOff = (value: boolean): string => (value ? 'on' : 'off');
const back = [Markup.button.callback('⬅️ Back', cb.settings('main'))];
export const AUTO_DELETE_PRESETS = [0, 60, 300, 600, 1800, 3600, 86_400] as const;

export function mainView(s: CloneSettingsDoc): View {
  const welcome = s.welcomeText.length > 120 ? `${s.welcomeText.slice(0, 120)}…` : s.welcomeText;
  const text = [
    '⚙️ <b>Settings</b>',
    `Welcome text: <i>${escapeHtml(welcome)}</i>`,
    `Force-subscribe: ${s.forceSubChannels.length} channel(s)`,
    `Protect content: ${onOff(s.protectContent)}`,
    `Auto-delete: ${s.autoDeleteSeconds > 0 ? `after ${formatDuration(s.autoDeleteSeconds)}` : 'off'}`,
    `Search: ${onOff(s.searchEnabled)}`,
    `Storage channel: ${s.storageChannelId === null ? 'none (files kept by file id)' : `<code>${s.storageChannelId}</code>`}`,
    `Clone admins: ${s.adminIds.length}`,
  ].join('\n');
  return {
    text,
    keyboard: Markup.inlineKeyboard([
      [Markup.button.callback('✏️ Welcome text', cb.settings('welcome')), Markup.button.callback('📢 Force-subscribe', cb.settings('fs'))],
      [Markup.button.callback(`🔒 Protect: ${onOff(s.protectContent)}`, cb.settings('protect')), Markup.button.callback(`🔍 Search: ${onOff(s.searchEnabled)}`, cb.settings('search'))],
      [Markup.button.callback('⏳ Auto-delete', cb.settings('ad')), Markup.button.callback('🗄 Storage channel', cb.settings('store'))],
      [Markup.button.callback('👥 Clone admins', cb.settings('adm')), Markup.button.callback('✖️ Close', cb.settings('close'))],
    ]),
  };
}

export function welcomeView(s: CloneSettingsDoc): View {
  return {
    text: `✏️ <b>Welcome text</b>\n\n${escapeHtml(s.welcomeText)}\n\nPlaceholders: {first_name} {last_name} {full_name} {username} {id}`,
    keyboard: Markup.inlineKeyboard([
      [Markup.button.callback('Edit', cb.settings('welcomeEdit')), Markup.button.callback('Reset to default', cb.settings('welcomeReset'))],
      back,
    ]),
  };
}

export function autoDeleteView(s: CloneSettingsDoc): View {
  const label = (sec: number): string => `${sec === s.autoDeleteSeconds ? '✅ ' : ''}${sec === 0 ? 'Off' : formatDuration(sec)}`;
  const presets = AUTO_DELETE_PRESETS.map((sec) => Markup.button.callback(label(sec), cb.settings('adSet', sec)));
  return {
    text: '⏳ <b>Auto-delete</b>\nDelivered files are deleted from the user\'s chat after this delay (the user is told).',
    keyboard: Markup.inlineKeyboard([presets.slice(0, 4), presets.slice(4), [Markup.button.callback('Custom…', cb.settings('adCustom'))], back]),
  };
}

export function channelsView(s: CloneSettingsDoc): View {
  const lines = s.forceSubChannels.map((c, i) => `${i + 1}. ${escapeHtml(c.title)} <code>${c.chatId}</code>`);
  return {
    text: `📢 <b>Force-subscribe</b>\nUsers must join these before they get files. This bot must be an administrator of each.\n\n${lines.join('\n') || 'No channels.'}`,
    keyboard: Markup.inlineKeyboard([
      ...s.forceSubChannels.map((c) => [Markup.button.callback(`Remove ${c.title}`.slice(0, 60), cb.settings('fsRm', c.chatId))]),
      [Markup.button.callback('➕ Add channel', cb.settings('fsAdd'))],
      back,
    ]),
  };
}

export function adminsView(s: CloneSettingsDoc): View {
  const lines = s.adminIds.map((id) => `• <code>${id}</code>`);
  return {
    text: `👥 <b>Clone admins</b>\nThey can upload files and use every owner command and setting, except this list.\n\n${lines.join('\n') || 'None.'}`,
    keyboard: Markup.inlineKeyboard([
      ...s.adminIds.map((id) => [Markup.button.callback(`Remove ${id}`, cb.settings('admRm', id))]),
      [Markup.button.callback('➕ Add admin', cb.settings('admAdd'))],
      back,
    ]),
  };
}

export function storageView(s: CloneSettingsDoc): View {
  const current = s.storageChannelId === null ? 'none: files are kept by this bot\'s own file id' : `<code>${s.storageChannelId}</code>`;
  return {
    text: `🗄 <b>Storage channel</b>\nNew uploads are copied there and delivered from there. This bot must be an administrator of it.\n\nNow: ${current}`,
    keyboard: Markup.inlineKeyboard([
      [Markup.button.callback('Set channel', cb.settings('storeSet')), Markup.button.callback('Turn off', cb.settings('storeOff'))],
      back,
    ]),
  };
}
