/** The settings screen of the caption template and the button under delivered files. */
import { escapeHtml, type CloneSettingsDoc } from '@motherbot/core';
import { button, inlineKeyboard, type Screen } from '@motherbot/bot-kit';
import { cb } from '../../services/callbackData';
import { cloneTexts, type CloneTranslate } from '../../../i18n/texts';

const english = cloneTexts.forLocale('en');

/** The main settings screen's button to this screen. */
export const captionMenuButton = (t: CloneTranslate = english) => button(t('captions.menuButton'), cb.settings('cap'));

/** The one line of the main settings screen (HTML). */
export function captionMenuLine(s: CloneSettingsDoc, t: CloneTranslate = english): string {
  const template = s.captionTemplate === null ? t('captions.none') : `<code>${escapeHtml(s.captionTemplate.length > 60 ? `${s.captionTemplate.slice(0, 60)}…` : s.captionTemplate)}</code>`;
  return t('captions.menuLine', { template, button: buttonLabel(s, t) });
}

function buttonLabel(s: CloneSettingsDoc, t: CloneTranslate): string {
  if (s.fileButton === 'channel' && s.fileButtonUrl) return t('captions.buttonChannel', { url: escapeHtml(s.fileButtonUrl) });
  if (s.fileButton === 'share') return t('captions.buttonShare');
  return t('captions.buttonNone');
}

export function captionView(s: CloneSettingsDoc, t: CloneTranslate = english): Screen {
  const lines = [t('captions.title'), ''];
  if (s.captionTemplate !== null) lines.push(t('captions.current', { template: `<code>${escapeHtml(s.captionTemplate)}</code>` }));
  else lines.push(t(s.keepOriginalCaption ? 'captions.noTemplate' : 'captions.noTemplateDrop'));
  if (s.captionTemplateDraft !== null) lines.push('', t('captions.draft', { template: `<code>${escapeHtml(s.captionTemplateDraft)}</code>` }));
  lines.push('', escapeHtml(t('captions.placeholders')), t('captions.keepOriginal', { state: t(s.keepOriginalCaption ? 'captions.kept' : 'captions.dropped') }));
  lines.push('', t('captions.buttonTitle'), t('captions.buttonNow', { button: buttonLabel(s, t) }));
  const mark = (on: boolean, label: string): string => `${on ? '✅ ' : ''}${label}`;
  return {
    text: lines.join('\n'),
    keyboard: inlineKeyboard([
      [button(t('captions.edit'), cb.settings('capEdit')), button(t('captions.remove'), cb.settings('capOff'))],
      ...(s.captionTemplateDraft !== null ? [[button(t('captions.save'), cb.settings('capSave')), button(t('captions.discard'), cb.settings('capDrop'))]] : []),
      [button(t('captions.toggleKeep', { state: t(s.keepOriginalCaption ? 'captions.kept' : 'captions.dropped') }), cb.settings('capKeep'))],
      [
        button(mark(s.fileButton === 'none', t('captions.buttonOff')), cb.settings('btnOff')),
        button(mark(s.fileButton === 'channel', t('captions.buttonSetChannel')), cb.settings('btnChan')),
        button(mark(s.fileButton === 'share', t('captions.buttonSetShare')), cb.settings('btnShare')),
      ],
      [button(t('captions.back'), cb.settings('main'))],
    ]),
  };
}
