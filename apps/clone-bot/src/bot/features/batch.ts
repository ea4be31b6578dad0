import { Composer, type Context } from 'telegraf';
import type { CloneRuntime } from '../context';
import { newLinkCode, shareLink } from '../services/linkCodes';
import { managerCommand } from './managerOnly';

/** `/batch` opens a batch, uploads go into it (see share.ts), `/done` makes one link, `/cancel` drops it. */
export function batchFeature(rt: CloneRuntime): Composer<Context> {
  const composer = new Composer<Context>();
  const sessions = rt.data.sessions;

  managerCommand(composer, rt, 'batch', async (ctx) => {
    const userId = ctx.from!.id;
    const session = await sessions.get(userId);
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
    if (!session?.batch && !session?.awaiting) return ctx.reply('Nothing to cancel.');
    await sessions.set(userId, { batch: null, awaiting: null });
    await ctx.reply(session.batch ? 'Batch cancelled. The files you sent keep their own links.' : 'Cancelled.');
  });
  return composer;
}
