import { Composer, type Context } from 'telegraf';
import type { CloneRuntime } from '../context';
import { newLinkCode, shareLink } from '../services/linkCodes';
import { managerCommand } from './managerOnly';
import { tr } from '../../i18n/texts';
import { MAX_BATCH_RANGE } from '../services/postRange';
import type { ChannelIndexer } from './channelIndexRunner';
import { startRangeJob } from './channelIndex';

/**
 * `/batch` opens a batch, uploads go into it (see share.ts), `/done` makes one link, `/cancel`
 * drops it. `/batch <first post link> <last post link>` is a range batch instead: the files of
 * those posts of the connected channel (read and indexed on the way), one link delivered in pages of 50 (batchPages.ts).
 * `/cancel` also cancels a running indexing job when no batch or typed setting is pending.
 */
export function batchFeature(rt: CloneRuntime, indexer: ChannelIndexer): Composer<Context> {
  const composer = new Composer<Context>();
  const sessions = rt.data.sessions;

  managerCommand(composer, rt, 'batch', async (ctx, args) => {
    const userId = ctx.from!.id;
    const session = await sessions.get(userId);
    if (args) {
      if (session?.batch) return ctx.reply(tr(ctx)('channelIndex.batch.openFirst'));
      return startRangeJob(rt, indexer, ctx, 'batch', args, MAX_BATCH_RANGE);
    }
    const t = tr(ctx);
    if (session?.batch) return ctx.reply(t('batch.alreadyOpen', { count: session.batch.length }));
    await sessions.set(userId, { batch: [], awaiting: null });
    await ctx.reply(t('batch.started'));
  });

  managerCommand(composer, rt, 'done', async (ctx) => {
    const userId = ctx.from!.id;
    const session = await sessions.get(userId);
    const t = tr(ctx);
    if (!session?.batch) return ctx.reply(t('batch.noneOpen'));
    if (session.batch.length === 0) return ctx.reply(t('batch.empty'));
    const code = newLinkCode('batch');
    await rt.data.library.addBatch(code, session.batch, userId);
    await sessions.set(userId, { batch: null });
    await ctx.reply(t('batch.done', { count: session.batch.length, link: shareLink(rt.deps.botUsername, code) }));
  });

  managerCommand(composer, rt, 'cancel', async (ctx) => {
    const userId = ctx.from!.id;
    const session = await sessions.get(userId);
    if (!session?.batch && !session?.awaiting) {
      // The job's progress message turns into "cancelled": that is the answer.
      if (await indexer.cancel()) return;
      return ctx.reply(tr(ctx)('batch.nothingToCancel'));
    }
    await sessions.set(userId, { batch: null, awaiting: null });
    await ctx.reply(tr(ctx)(session.batch ? 'batch.cancelled' : 'batch.inputCancelled'));
  });
  return composer;
}
