import { Composer, type Context } from 'telegraf';
import { answerCallback, button, inlineKeyboard, localeOf } from '@motherbot/bot-kit';
import { randomInt } from 'node:crypto';
import { counterKeys, withDatabaseRetries, type CloneFileDoc, type CloneSettingsDoc } from '@motherbot/core';
import type { CloneRuntime } from '../context';
import { cb, type DiscoveryList } from '../services/callbackData';
import type { RecentFiles } from '../../data/recentFiles';
import { isFileCode, TOP_FILES_KEY } from '../../data/topLinks';
import { tr } from '../../i18n/texts';
import { onAction } from './callbackRouter';
import type { OpenLink } from './deliver';

const SHOWN = 10;
const enabled = (s: CloneSettingsDoc, list: DiscoveryList): boolean =>
  list === 'recent' ? s.discoveryRecent : list === 'popular' ? s.discoveryPopular : s.discoveryRandom;

/**
 * The files a discovery list shows, deleted ones left out. Every read is a point read (the
 * library caches files by code) of a list that is kept precomputed: the recent list and the
 * sample (data/recentFiles.ts), the files-only top list the stats writer keeps
 * (data/topLinks.ts; a clone from before it has the top links of /stats, files kept, until a
 * delivery writes it). Nothing here scans, so a press costs the same at 100,000 files as at ten.
 */
export async function discoveryFiles(rt: CloneRuntime, recent: RecentFiles, list: 'recent' | 'popular'): Promise<CloneFileDoc[]> {
  let codes: string[];
  if (list === 'recent') codes = (await recent.lists()).recent;
  else {
    await rt.data.stats.flush().catch(() => undefined);
    const files = await withDatabaseRetries(() => rt.models.Counter.findById(TOP_FILES_KEY).lean());
    const top = files ?? (await withDatabaseRetries(() => rt.models.Counter.findById(counterKeys.top).lean()));
    codes = (top?.links ?? []).map((l) => l.code).filter(isFileCode);
  }
  const files = await Promise.all(codes.slice(0, SHOWN * 3).map((c) => rt.data.library.file(c)));
  return files.filter((f): f is CloneFileDoc => f !== null).slice(0, SHOWN);
}

/** A random live file from the sample (a few tries past deleted ones), or null. */
export async function randomFile(rt: CloneRuntime, recent: RecentFiles): Promise<CloneFileDoc | null> {
  const { sample } = await recent.lists();
  for (let i = 0; i < 5 && sample.length > 0; i++) {
    const file = await rt.data.library.file(sample[randomInt(sample.length)]!);
    if (file) return file;
  }
  return null;
}

/** The "recent", "popular" and "random" buttons under the welcome, each only while the owner has it on. */
export function discoveryFeature(rt: CloneRuntime, recent: RecentFiles, openLink: OpenLink): Composer<Context> {
  const composer = new Composer<Context>();
  onAction(composer, 'discovery', async (ctx, { list }, userId) => {
    const t = tr(ctx);
    if (!enabled(await rt.settings.get(), list)) return answerCallback(ctx, t('discovery.off'), true);
    if (list === 'random') {
      const file = await randomFile(rt, recent);
      if (!file) return answerCallback(ctx, t('discovery.empty'), true);
      await answerCallback(ctx);
      return openLink(userId, file._id, { locale: localeOf(ctx) });
    }
    const files = await discoveryFiles(rt, recent, list);
    if (files.length === 0) return answerCallback(ctx, t('discovery.empty'), true);
    await answerCallback(ctx);
    const rows = files.map((f) => [button(`${f.kind === 'document' ? '📄' : '🎞'} ${f.fileName || f._id}`.slice(0, 60), cb.discoveryGet(f._id))]);
    // A new message: the welcome above keeps its buttons.
    await ctx.reply(t(list === 'recent' ? 'discovery.recentTitle' : 'discovery.popularTitle'), { parse_mode: 'HTML', reply_markup: inlineKeyboard(rows) });
  });
  onAction(composer, 'discoveryGet', async (ctx, { code }, userId) => {
    const s = await rt.settings.get();
    if (!s.discoveryRecent && !s.discoveryPopular) return answerCallback(ctx, tr(ctx)('discovery.off'), true);
    await answerCallback(ctx);
    await openLink(userId, code, { locale: localeOf(ctx) });
  });
  return composer;
}
