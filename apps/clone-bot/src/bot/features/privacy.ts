import { Composer, type Context } from 'telegraf';
import { escapeHtml } from '@motherbot/core';
import type { CloneRuntime } from '../context';

/**
 * `/privacy` and `/forgetme`: any user can see what this clone stores about them and have it
 * deleted (their user record, which holds how many links they opened). Shared files belong to the
 * owner and stay. Using the bot again records the user again, as the reply says.
 */
export function privacyFeature(rt: CloneRuntime): Composer<Context> {
  const composer = new Composer<Context>();
  composer.command('privacy', async (ctx) => {
    const userId = ctx.from.id;
    const user = await rt.data.audience.get(userId);
    const deliveries = user?.deliveries ?? 0;
    const about = user
      ? [
          `• your Telegram id ${userId}, first name “${escapeHtml(user.firstName)}”${user.username ? `, username @${escapeHtml(user.username)}` : ''}`,
          `• when you first and last used it: ${user.firstSeenAt.toISOString().slice(0, 10)}, ${user.lastSeenAt.toISOString().slice(0, 10)}`,
        ]
      : ['• nothing about you as a user yet'];
    const lines = [
      '<b>What this bot stores about you</b>',
      ...about,
      `• how many links you opened (${deliveries}), for the owner's statistics; not which ones`,
      // Kept by /forgetme: deleting it would reset the owner's daily limit; it holds no name, only times and a count.
      '• if the owner turned on link verification or a daily limit: until when you are verified and how many links you opened today (kept after /forgetme, so the limits keep working)',
      '',
      'The owner uses this to send you announcements and to count users. Send /forgetme to delete it.',
    ];
    await ctx.reply(lines.join('\n'), { parse_mode: 'HTML' });
  });
  composer.command('forgetme', async (ctx) => {
    const userId = ctx.from.id;
    await rt.data.audience.forget(userId);
    await ctx.reply('Done: your user record and your link history are deleted. If you use this bot again, you will be recorded again.');
  });
  return composer;
}
