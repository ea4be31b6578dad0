import { Composer, type Context } from 'telegraf';
import { escapeHtml } from '@motherbot/core';
import type { CloneRuntime } from '../context';
import { tr } from '../../i18n/texts';
import { JoinRequests } from '../../data/joinRequests';

/**
 * `/privacy` and `/forgetme`: any user can see what this clone stores about them and have it
 * deleted (their user record, which holds how many links they opened, and their language
 * choice). Shared files belong to the owner and stay. Using the bot again records the user
 * again, as the reply says.
 */
export function privacyFeature(rt: CloneRuntime): Composer<Context> {
  const composer = new Composer<Context>();
  composer.command('privacy', async (ctx) => {
    const t = tr(ctx);
    const userId = ctx.from.id;
    const user = await rt.data.audience.get(userId);
    const deliveries = user?.deliveries ?? 0;
    const about = user
      ? [
          user.username
            ? t('privacy.identityUsername', { id: userId, firstName: escapeHtml(user.firstName), username: escapeHtml(user.username) })
            : t('privacy.identity', { id: userId, firstName: escapeHtml(user.firstName) }),
          t('privacy.seen', { first: user.firstSeenAt.toISOString().slice(0, 10), last: user.lastSeenAt.toISOString().slice(0, 10) }),
        ]
      : [t('privacy.nothingYet')];
    const lines = [
      t('privacy.title'),
      ...about,
      t('privacy.deliveries', { count: deliveries }),
      // Kept by /forgetme: deleting it would reset the owner's daily limit; it holds no name, only times and a count.
      t('privacy.access'),
      t('privacy.language'),
      '',
      t('privacy.use'),
    ];
    await ctx.reply(lines.join('\n'), { parse_mode: 'HTML' });
  });
  composer.command('forgetme', async (ctx) => {
    const userId = ctx.from.id;
    const t = tr(ctx);
    await rt.data.audience.forget(userId);
    await rt.data.languages.set(userId, null);
    // Their join requests to the force-subscribe channels (point deletes, by channel and user).
    await new JoinRequests(rt.deps.cloneDb).forget((await rt.settings.get()).forceSubChannels.map((c) => c.chatId), userId);
    await ctx.reply(t('privacy.forgotten'));
  });
  return composer;
}
