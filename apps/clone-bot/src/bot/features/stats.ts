import { Composer, type Context } from 'telegraf';
import { escapeHtml } from '@motherbot/core';
import type { CloneRuntime } from '../context';
import { managerCommand } from './managerOnly';

const DAY_MS = 86_400_000;

/** The numbers behind /stats: plain counts and one $group (no $facet/$lookup on FerretDB). */
export async function collectStats(rt: CloneRuntime, now = new Date()) {
  const { User, File, Batch, Delivery } = rt.models;
  const [users, blocked, files, batches, deliveries] = await Promise.all([
    User.countDocuments({}),
    User.countDocuments({ blockedAt: { $ne: null } }),
    File.countDocuments({ deletedAt: null }),
    Batch.countDocuments({ deletedAt: null }),
    Delivery.countDocuments({}),
  ]);
  const top = await Delivery.aggregate<{ _id: string; n: number }>([
    { $group: { _id: '$code', n: { $sum: 1 } } },
    { $sort: { n: -1, _id: 1 } },
    { $limit: 5 },
  ]);
  const names = new Map<string, string>();
  const fileCodes = top.map((t) => t._id).filter((c) => c.startsWith('f_'));
  for (const f of await File.find({ _id: { $in: fileCodes } }, { _id: 1, fileName: 1 }).lean()) names.set(f._id, f.fileName);
  const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const days = await Promise.all(
    Array.from({ length: 7 }, async (_, i) => {
      const from = new Date(startOfToday - (6 - i) * DAY_MS);
      const to = new Date(from.getTime() + DAY_MS);
      const [newUsers, delivered] = await Promise.all([
        User.countDocuments({ firstSeenAt: { $gte: from, $lt: to } }),
        Delivery.countDocuments({ at: { $gte: from, $lt: to } }),
      ]);
      return { day: from.toISOString().slice(0, 10), newUsers, deliveries: delivered };
    }),
  );
  return {
    users,
    blocked,
    files,
    batches,
    deliveries,
    top: top.map((t) => ({ code: t._id, name: names.get(t._id) ?? (t._id.startsWith('b_') ? 'batch' : 'deleted file'), count: t.n })),
    days,
  };
}

/** `/stats`: users, files, deliveries, top links, the last seven days. */
export function statsFeature(rt: CloneRuntime): Composer<Context> {
  const composer = new Composer<Context>();
  managerCommand(composer, rt, 'stats', async (ctx) => {
    const s = await collectStats(rt);
    const lines = [
      '📊 <b>Stats</b>',
      `Users: <b>${s.users}</b> (blocked the bot: ${s.blocked})`,
      `Files: <b>${s.files}</b> · Batches: <b>${s.batches}</b>`,
      `Deliveries: <b>${s.deliveries}</b>`,
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
