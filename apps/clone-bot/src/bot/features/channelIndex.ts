import { Composer, type Context } from 'telegraf';
import { answerCallback, localeOf } from '@motherbot/bot-kit';
import type { CloneRuntime } from '../context';
import { tr, type CloneTranslate } from '../../i18n/texts';
import { MAX_INDEX_RANGE, parsePostRange, type RangeRefusal } from '../services/postRange';
import { postLink } from '../services/postLinks';
import { onAction } from './callbackRouter';
import { managerCommand, NOT_ALLOWED } from './managerOnly';
import { IndexStartError, type ChannelIndexer, type NewIndexJob } from './channelIndexRunner';
import type { IndexJobKind } from '../../data/indexJobs';
import { storeChannelPost } from './channelIndexStore';

/**
 * New posts of the connected channel become files, quietly (the owner is not messaged per post).
 * Mounted right after privateUpdatesOnly, which lets through the connected channel's posts only;
 * a channel post goes no further than this.
 */
export function channelPostIndexing(rt: CloneRuntime, indexer: ChannelIndexer): Composer<Context> {
  const composer = new Composer<Context>();
  composer.on('channel_post', async (ctx) => {
    const channel = (await rt.settings.get()).indexChannel;
    const post = ctx.channelPost;
    if (!channel || post.chat.id !== channel.chatId) return;
    await storeChannelPost(rt, indexer.posts, post.chat.id, post.message_id, post);
  });
  return composer;
}

/**
 * Starts a range job for a manager's command (`/index`, or `/batch` with two post links): the
 * range is checked first, and any refusal is one clear message with nothing changed.
 */
export async function startRangeJob(rt: CloneRuntime, indexer: ChannelIndexer, ctx: Context, kind: IndexJobKind, args: string, max: number): Promise<unknown> {
  const t = tr(ctx);
  const channel = (await rt.settings.get()).indexChannel;
  if (!channel) return ctx.reply(t('channelIndex.noChannel'));
  const range = parsePostRange(args, channel, max);
  if ('reason' in range) return ctx.reply(refusalText(t, range, kind, postLink(channel, 1), postLink(channel, 100), channel.title));
  const running = await indexer.runningJob();
  if (running) return ctx.reply(t('channelIndex.busy', { done: running.next - running.first, total: running.last - running.first + 1 }));
  const spec: NewIndexJob = { kind, chatId: channel.chatId, channelTitle: channel.title, first: range.first, last: range.last, userId: ctx.from!.id, locale: localeOf(ctx) };
  let job: Awaited<ReturnType<typeof indexer.begin>>;
  try {
    job = await indexer.begin(spec);
  } catch (error) {
    if (error instanceof IndexStartError) return ctx.reply(t('channelIndex.startFailed', { reason: error.reason }));
    throw error;
  }
  if (!job) return ctx.reply(t('channelIndex.busy', { done: 0, total: range.last - range.first + 1 }));
  return undefined;
}

function refusalText(t: CloneTranslate, refusal: RangeRefusal, kind: IndexJobKind, first: string, last: string, channel: string): string {
  switch (refusal.reason) {
    case 'usage': return kind === 'batch' ? t('channelIndex.batchUsage') : t('channelIndex.usage', { first, last });
    case 'notPostLink': return t('channelIndex.notPostLink', { link: refusal.link });
    case 'otherChannel': return t('channelIndex.otherChannel', { link: refusal.link, channel });
    case 'reversed': return t('channelIndex.reversed', { first: refusal.first, last: refusal.last });
    case 'tooLarge': return t('channelIndex.tooLarge', { count: refusal.count, max: refusal.max });
  }
}

/** `/index <first post link> <last post link>`, and the cancel button under the progress. */
export function channelIndexFeature(rt: CloneRuntime, indexer: ChannelIndexer): Composer<Context> {
  const composer = new Composer<Context>();
  managerCommand(composer, rt, 'index', (ctx, args) => startRangeJob(rt, indexer, ctx, 'index', args, MAX_INDEX_RANGE));

  onAction(composer, 'indexCancel', async (ctx, _action, userId) => {
    if (!(await rt.isManager(userId))) return answerCallback(ctx, NOT_ALLOWED, true);
    const t = tr(ctx);
    const running = await indexer.runningJob();
    if (!running) return answerCallback(ctx, t('channelIndex.notRunning'));
    await answerCallback(ctx, t('channelIndex.cancelling'));
    await indexer.cancel();
  });
  return composer;
}
