/**
 * Posts in channels, as their owners make them: a user who is the channel's creator or an
 * administrator posts a text or a file; every bot that is an administrator of the channel gets
 * it as a `channel_post` update (with its own file_ids), as on Telegram. Also the channel's post
 * links, `https://t.me/<username>/<id>` and `https://t.me/c/<internal id>/<id>`, both ways.
 */
import type { World, UserRecord } from '../state/world';
import { FILE_KINDS, type TgFileRef, type TgMessage } from '../state/types';
import { autoEntities } from '../botApi/entities';
import { mediaField } from '../botApi/methods/media';
import type { FileUpload } from './userActions';
import { SandboxError } from './refs';

/** What a channel post holds: a text, or a file with an optional caption. */
export type ChannelPostContent = { text: string } | { file: FileUpload };

export function postInChannel(world: World, user: UserRecord, chatId: number, content: ChannelPostContent): TgMessage {
  const group = world.groups.get(chatId);
  if (!group || group.chat.type !== 'channel') throw new SandboxError(`no channel ${chatId}`);
  const status = group.members.get(user.user.id);
  if (status !== 'creator' && status !== 'administrator') throw new SandboxError(`user ${user.user.id} cannot post in ${group.chat.title ?? chatId}: not its creator or an administrator`);
  const conv = world.groupConversation(chatId)!;
  const fields: Partial<TgMessage> = {};
  if ('text' in content) {
    if (content.text === '') throw new SandboxError('a post cannot be empty');
    fields.text = content.text;
    const entities = autoEntities(content.text);
    if (entities.length) fields.entities = entities;
  } else {
    if (content.file.content.length === 0) throw new SandboxError('a file must not be empty');
    const stored = world.files.put(content.file.content, content.file.kind, content.file.fileName, content.file.mimeType);
    Object.assign(fields, mediaField(world.files, 0, stored, content.file.kind));
    if (content.file.caption) {
      fields.caption = content.file.caption;
      const entities = autoEntities(content.file.caption);
      if (entities.length) fields.caption_entities = entities;
    }
  }
  const posted = world.addMessage(conv, 'user', (message_id, date) => ({ message_id, date, chat: group.chat, sender_chat: group.chat, ...fields }));
  for (const [memberId, memberStatus] of group.members) {
    const bot = world.bots.get(memberId);
    if (!bot || (memberStatus !== 'administrator' && memberStatus !== 'creator')) continue;
    bot.queue.push('channel_post', withFileIdsOf(world, bot.id, posted.message));
  }
  return posted.message;
}

/** The message as `botId` sees it: file_ids are per bot. */
function withFileIdsOf(world: World, botId: number, message: TgMessage): TgMessage {
  const out: TgMessage = { ...message };
  const fix = (r: TgFileRef): TgFileRef => ({ ...r, file_id: world.files.fileIdFor(botId, r.file_unique_id) });
  for (const kind of FILE_KINDS) {
    const v = out[kind];
    if (Array.isArray(v)) out[kind] = v.map(fix) as never;
    else if (v) out[kind] = fix(v as TgFileRef) as never;
  }
  return out;
}

/** A post's link: public by the channel's username, or the t.me/c form (`private: true`, or no username). */
export function channelPostLink(world: World, chatId: number, messageId: number, opts: { private?: boolean } = {}): string {
  const group = world.groups.get(chatId);
  if (!group || group.chat.type !== 'channel') throw new SandboxError(`no channel ${chatId}`);
  if (group.chat.username && !opts.private) return `https://t.me/${group.chat.username}/${messageId}`;
  return `https://t.me/c/${String(chatId).replace(/^-100/, '')}/${messageId}`;
}

/** The channel and post a link names, or undefined when it names none of the sandbox's channels. */
export function resolvePostLink(world: World, link: string): { chatId: number; messageId: number } | undefined {
  const m = /^(?:https?:\/\/)?t\.me\/(?:c\/(\d+)|([A-Za-z][A-Za-z0-9_]{3,31}))\/(\d+)(?:\?.*)?$/.exec(link.trim());
  if (!m) return undefined;
  const group = m[1] !== undefined ? world.groups.get(Number(`-100${m[1]}`)) : world.groupByUsername(m[2]!);
  if (!group || group.chat.type !== 'channel') return undefined;
  return { chatId: group.chat.id, messageId: Number(m[3]) };
}
