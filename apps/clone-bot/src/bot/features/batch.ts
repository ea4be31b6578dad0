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
 * those posts of the connected channel (read and indexed on the way), one link per 50 files.
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
    if (session?.batch) return ctx.reply(`A batch is already open with ${session.batch.length} file(s). Send more files, /done for its link, or /cancel.`);
    await sessions.set(userId, { batch: [], awaiting: null });
    await ctx.reply('Batch started. Send me the files (documents, photos, videos, audio, voice, animations), then /done for one link to all of them. /cancel drops the batch.');
  });

  managerCommand(composer, rt, 'done', async (ctx) => {
    const userId = ctx.from!.id;
    const session = await sessions.get(userId);
    if (!session?.batch) return ctx.reply('No batch is open. Start one with /batch.');
    if (session.batch.length === 0) return ctx.reply('The batch is empty: send some files first, or /cancel.');
    const code = newLinkCode('batch');
    await rt.data.library.addBatch(code, session.batch, userId);
    await sessions.set(userId, { batch: null });
    await ctx.reply(`🔗 Batch of ${session.batch.length} file(s):\n${shareLink(rt.deps.botUsername, code)}`);
  });

  managerCommand(composer, rt, 'cancel', async (ctx) => {
    const userId = ctx.from!.id;
    const session = await sessions.get(userId);
    if (!session?.batch && !session?.awaiting) {
      // The job's progress message turns into "cancelled": that is the answer.
      if (await indexer.cancel()) return;
      return ctx.reply('Nothing to cancel.');
    }
    await sessions.set(userId, { batch: null, awaiting: null });
    await ctx.reply(session.batch ? 'Batch cancelled. The files you sent keep their own links.' : 'Cancelled.');
  });
  return composer;
}
