import { Composer, type Context } from 'telegraf';
import { escapeHtml } from '@motherbot/core';
import { button, inlineKeyboard, showScreen, type Rows, type Screen } from '@motherbot/bot-kit';
import type { SearchHit } from '../../data/searchIndex';
import type { CloneRuntime } from '../context';
import { cb } from '../services/callbackData';
import { searchWords } from '../services/searchQuery';
import { tr, type CloneTranslate } from '../../i18n/texts';
import { onAction } from './callbackRouter';
import type { OpenLink } from './deliver';

export const SEARCH_PAGE_SIZE = 5;
const MAX_PAGES = 200;

/** One page of results from the in-memory index; `hasMore` from fetching one extra. Bounded: skip ≤ MAX_PAGES pages. */
async function findPage(rt: CloneRuntime, words: string[], page: number): Promise<{ files: SearchHit[]; hasMore: boolean }> {
  const found = await rt.data.library.findFiles(words, page * SEARCH_PAGE_SIZE, SEARCH_PAGE_SIZE + 1);
  return { files: found.slice(0, SEARCH_PAGE_SIZE), hasMore: found.length > SEARCH_PAGE_SIZE && page + 1 < MAX_PAGES };
}

function renderPage(t: CloneTranslate, query: string, page: number, files: SearchHit[], hasMore: boolean, searchId: string): Screen {
  const head = t('search.results', { query: escapeHtml(query), page: page + 1 });
  const rows: Rows = files.map((f) => [button(`${f.kind === 'document' ? '📄' : '🎞'} ${f.fileName}`.slice(0, 60), cb.get(f.code))]);
  const nav = [];
  if (page > 0) nav.push(button(t('search.previous'), cb.searchPage(searchId, page - 1)));
  if (hasMore) nav.push(button(t('search.next'), cb.searchPage(searchId, page + 1)));
  rows.push(nav);
  return { text: `${head}\n${t('search.tap')}`, keyboard: inlineKeyboard(rows) };
}

/** `/search <words>` over file names and captions, when the owner enabled it; paged with buttons. */
export function searchFeature(rt: CloneRuntime, openLink: OpenLink): Composer<Context> {
  const composer = new Composer<Context>();

  composer.command('search', async (ctx) => {
    const t = tr(ctx);
    const { searchEnabled } = await rt.settings.get();
    if (!searchEnabled && !(await rt.isManager(ctx.from.id))) return ctx.reply(t('search.unavailable'));
    const query = ctx.message.text.replace(/^\/\S+\s*/, '').trim();
    const words = searchWords(query);
    if (words.length === 0) return ctx.reply(t('search.usage'));
    const shown = words.join(' ');
    const { files, hasMore } = await findPage(rt, words, 0);
    if (files.length === 0) return ctx.reply(t('search.nothing', { query: shown }));
    const searchId = rt.searches.create(ctx.from.id, shown);
    await showScreen(ctx, renderPage(t, shown, 0, files, hasMore, searchId));
  });

  onAction(composer, 'searchPage', async (ctx, action, userId) => {
    const t = tr(ctx);
    const query = rt.searches.get(action.searchId, userId);
    if (query === null || action.page >= MAX_PAGES) return ctx.answerCbQuery(t('search.expired'));
    const { files, hasMore } = await findPage(rt, searchWords(query), action.page);
    if (files.length === 0) return ctx.answerCbQuery(t('search.noMore'));
    await ctx.answerCbQuery();
    await showScreen(ctx, renderPage(t, query, action.page, files, hasMore, action.searchId));
  });

  onAction(composer, 'get', async (ctx, action, userId) => {
    const { searchEnabled } = await rt.settings.get();
    if (!searchEnabled && !(await rt.isManager(userId))) return ctx.answerCbQuery(tr(ctx)('search.unavailable'));
    await ctx.answerCbQuery();
    await openLink(userId, action.code);
  });
  return composer;
}
