import { escapeHtml } from '@motherbot/core';
import { tr } from '../../../i18n/texts';
import { CAPTION_LIMIT, fillTemplate, templateProblem } from '../../services/captionTemplate';
import type { SettingInput } from './settingInputs';
import { captionView } from './captionView';

/** A channel link as the button will use it: https://t.me/<name or +invite>, from a link or an @username; null when it is not one. */
export function channelButtonUrl(text: string): string | null {
  const value = text.trim();
  const at = /^@([A-Za-z][A-Za-z0-9_]{3,31})$/.exec(value);
  if (at) return `https://t.me/${at[1]}`;
  const link = /^(?:https?:\/\/)?(?:t\.me|telegram\.me)\/((?:\+|joinchat\/)?[A-Za-z0-9_-]{4,64})\/?$/.exec(value);
  return link ? `https://t.me/${link[1]}` : null;
}

/**
 * The caption template and the channel of the file button, typed by the owner. A template is
 * checked (placeholders, length), previewed on an example file, and kept as a draft until the
 * owner presses Save.
 */
export const CAPTION_INPUTS = {
  captionTemplate: {
    prompt: (t) => t('captions.prompt'),
    accept: async ({ rt, ctx, text }) => {
      const t = tr(ctx);
      const template = text.trim();
      const problem = templateProblem(template);
      if (problem?.kind === 'empty') return { done: false, error: t('captions.empty') };
      if (problem?.kind === 'tooLong') return { done: false, error: t('captions.tooLong', { length: problem.length, max: CAPTION_LIMIT }) };
      if (problem?.kind === 'unknown') return { done: false, error: t('captions.unknown', { names: problem.names.map((n) => `{${n}}`).join(', ') }) };
      const s = await rt.settings.update({ captionTemplateDraft: template });
      const example = { fileName: t('captions.previewFile'), size: 1_468_006, caption: t('captions.previewCaption'), captionEntities: null };
      const preview = fillTemplate(template, example, rt.deps.botUsername).caption;
      return { done: true, note: `${escapeHtml(t('captions.preview'))}\n\n${escapeHtml(preview)}`, screen: captionView(s, t) };
    },
  },
  fileButtonUrl: {
    prompt: (t) => t('captions.buttonPrompt'),
    accept: async ({ rt, ctx, text }) => {
      const t = tr(ctx);
      const url = channelButtonUrl(text);
      if (!url) return { done: false, error: t('captions.buttonBadUrl') };
      const s = await rt.settings.update({ fileButton: 'channel', fileButtonUrl: url });
      return { done: true, note: escapeHtml(t('captions.buttonSaved', { url })), screen: captionView(s, t) };
    },
  },
} satisfies Record<'captionTemplate' | 'fileButtonUrl', SettingInput>;
