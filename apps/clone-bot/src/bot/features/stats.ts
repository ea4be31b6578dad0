import { Composer, type Context } from 'telegraf';
import { escapeHtml } from '@motherbot/core';
import type { CloneRuntime } from '../context';
import { readCloneStats } from '../../data/cloneStats';
import { tr } from '../../i18n/texts';
import { managerCommand } from './managerOnly';
import { parseLinkCode } from '../services/linkCodes';

/** `/stats`: users, files, deliveries, top links, the last seven days, all from the counters. */
export function statsFeature(rt: CloneRuntime): Composer<Context> {
  const composer = new Composer<Context>();
  managerCommand(composer, rt, 'stats', async (ctx) => {
    const t = tr(ctx);
    const s = await readCloneStats(rt.models, rt.data.library, rt.data.stats);
    const lines = [
      t('stats.title'),
      t('stats.users', { users: s.users, blocked: s.blocked }),
      t('stats.files', { files: s.files, batches: s.batches }),
      t('stats.deliveries', { deliveries: s.deliveries }),
      t('stats.stars', { net: s.stars.received - s.stars.refunded, count: s.stars.payments, refunded: s.stars.refunded }),
      '',
      t('stats.topTitle'),
      ...(s.top.length > 0 ? s.top.map((top, i) => `${i + 1}. ${top.name === null ? t(parseLinkCode(top.code)?.kind === 'batch' ? 'stats.topBatch' : 'stats.topDeleted') : escapeHtml(top.name)} <code>${top.code}</code>: ${top.count}`) : [t('stats.topNone')]),
      '',
      t('stats.daysTitle'),
      ...s.days.map((d) => `${d.day}: ${d.newUsers} / ${d.deliveries}`),
    ];
    await ctx.reply(lines.join('\n'), { parse_mode: 'HTML' });
  });
  return composer;
}
