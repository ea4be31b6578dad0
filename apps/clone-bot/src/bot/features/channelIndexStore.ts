import type { CloneRuntime } from '../context';
import { extractMedia } from '../services/media';
import { newLinkCode } from '../services/linkCodes';
import type { ChannelPosts } from '../../data/channelPosts';

/** What one channel post became: a new file, a file stored before (same content), or nothing. */
export type PostOutcome = { code: string; fresh: boolean } | null;

/**
 * Stores the file of a post of the connected channel, as an upload would be stored: under a new
 * share code, or under the code that already holds the same content. The original post is the
 * file's storage copy (delivered with copyMessage from the channel, the bot's own `file_id` as the
 * fallback), and the post is remembered in `channel_posts` so it is never read twice.
 *
 * `message` is the post as the bot sees it: the `channel_post` update, or the forwarded copy a
 * range read got (its file ids are this bot's either way).
 */
export async function storeChannelPost(rt: CloneRuntime, posts: ChannelPosts, chatId: number, messageId: number, message: unknown): Promise<PostOutcome> {
  const media = extractMedia(message);
  if (!media) {
    await posts.set(chatId, messageId, null);
    return null;
  }
  const code = newLinkCode('file');
  const held = await rt.data.library.addFile({ _id: code, ...media, storage: { chatId, messageId }, createdBy: rt.deps.ownerId });
  await posts.set(chatId, messageId, held);
  return { code: held, fresh: held === code };
}
