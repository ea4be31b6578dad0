/**
 * A user uploads an album: several media sent at once, which Telegram delivers to the bot as
 * separate `message` updates sharing one `media_group_id` (the bot must group them itself).
 * Kinds are checked as Telegram's apps do (photos and videos mix; documents only with
 * documents; audio only with audio; 2–10 items).
 */
import { randomBytes } from 'node:crypto';
import type { BotRecord, UserRecord } from '../state/world';
import type { TgMessage } from '../state/types';
import { albumKindsProblem } from '../botApi/methods/mediaGroup';
import type { FileUpload, UserActions } from './userActions';
import { SandboxError } from './refs';

/** A fresh media_group_id (a decimal string, like Telegram's). */
export function newMediaGroupId(): string {
  return BigInt('0x' + randomBytes(7).toString('hex')).toString();
}

export function uploadAlbum(actions: UserActions, user: UserRecord, bot: BotRecord, files: FileUpload[], opts: { chatId?: number } = {}): TgMessage[] {
  if (files.length < 2 || files.length > 10) throw new SandboxError('an album has 2 to 10 files');
  const problem = albumKindsProblem(files.map((f) => f.kind));
  if (problem) throw new SandboxError(`this album cannot be sent: ${problem}`);
  const mediaGroupId = newMediaGroupId();
  return files.map((file) => actions.sendFile(user, bot, { ...file, mediaGroupId }, opts));
}
