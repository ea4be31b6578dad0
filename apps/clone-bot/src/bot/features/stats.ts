import { Composer, type Context } from 'telegraf';
import { escapeHtml } from '@motherbot/core';
import type { CloneRuntime } from '../context';
import { readCloneStats } from '../../data/cloneStats';
import { managerCommand } from './managerOnly';

/** `/stats`: users, files, deliveries, top links, the last seven days, all from the counters. */
export function statsFeature(rt: CloneRuntime): Composer<Context> {
  const composer = new Composer<Context>();
  managerCommand(composer, rt, 'stats', async (ctx) => {
    const s = await readCloneStats(rt.models, rt.data.library, rt.data.stats);
    const lines = [
      '📊 <b>Stats</b>',
      `Users: <b>${s.users}</b> (blocked the bot: ${s.blocked})`,
      `Files: <b>${s.files}</b> · Batches: <b>${s.batches}</b>`,
      `Deliveries: <b>${s.deliveries}</b>`,
      `Stars earned: <b>${s.stars.received - s.stars.refunded} ⭐</b> (${s.stars.payments} premium sale(s), ${s.stars.refunded} ⭐ refunded)`,
      '',
      '<b>Top links</b>',
      ...(s.top.length > 0 ? s.top.map((t, i) => `${i + 1}. ${escapeHtml(t.name)} <code>${t.code}</code>: ${t.count}`) : ['none yet']),
      '',
      '<b>Last 7 days</b> (UTC: new users / deliveries)',
      ...s.days.map((d) => `${d.day}: ${d.newUsers} / ${d.deliveries}`),
    ];
    await ctx.reply(lines.join('\n'), { parse_mode: 'HTML' });
  });
  return composer;
}
