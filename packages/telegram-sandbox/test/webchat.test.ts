import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { Markup } from 'telegraf';
import { startHarness, type Harness } from './helpers';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = join(__dirname, '..', '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
/** `scripts/docs-screenshots.sh` sets this to retake the screenshot shown in docs/sandbox.md. */
const DOCS_IMAGES = process.env.DOCS_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'images') : undefined;
/** The id `npm start` gives the admin (devLauncher creates that user with an explicit id). */
const FIRST_USER_ID = 1_000_001;

interface Reply<T> { ok: boolean; result?: T; error?: string }
async function control<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Reply<T>> {
  const res = await fetch(`${h.sb.url}/_sandbox/${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return (await res.json()) as Reply<T>;
}

let h: Harness;
let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  await h.close();
});

test('a user added without an id gets a free one, also after users and bots were created with explicit ids', async () => {
  h = await startHarness({ flood: { enabled: false } });
  // As `npm start` does for the admin, then one more id ahead of the counter.
  expect(await control('POST', 'users', { id: FIRST_USER_ID, firstName: 'Admin', username: 'admin' })).toMatchObject({ ok: true, result: { id: FIRST_USER_ID } });
  expect(await control('POST', 'users', { id: FIRST_USER_ID + 2, firstName: 'Set' })).toMatchObject({ ok: true });
  const added: number[] = [];
  for (const firstName of ['Bob', 'Cat', 'Dan']) {
    const r = await control<{ id: number }>('POST', 'users', { firstName });
    expect(r).toMatchObject({ ok: true });
    added.push(r.result!.id);
  }
  expect(added).toEqual([FIRST_USER_ID + 1, FIRST_USER_ID + 3, FIRST_USER_ID + 4]);
  const state = await control<{ users: Array<{ id: number }>; bots: Array<{ id: number }> }>('GET', 'state');
  expect(new Set(state.result!.users.map((u) => u.id)).size).toBe(5);
  // An explicit id that is taken is still refused, with the reason.
  expect(await control('POST', 'users', { id: FIRST_USER_ID, firstName: 'Again' })).toEqual({ ok: false, error: `a user or bot with id ${FIRST_USER_ID} already exists` });

  // Bots: a token that names the next id, then a bot without a token.
  const explicit = await control<{ id: number }>('POST', 'bots', { username: 'explicit_bot', token: '7000000001:explicit-secret' });
  const generated = await control<{ id: number; token: string }>('POST', 'bots', { username: 'generated_bot' });
  expect(explicit).toMatchObject({ ok: true, result: { id: 7_000_000_001 } });
  expect(generated).toMatchObject({ ok: true, result: { id: 7_000_000_002 } });
  expect((await h.api(generated.result!.token, 'getMe')).body.result).toMatchObject({ id: 7_000_000_002, username: 'generated_bot' });
});

test('a person adds themselves in the web chat and chats with a real Telegraf bot: text, inline button, edit, invoice', async () => {
  h = await startHarness({ flood: { enabled: false } });
  const info = h.sb.createBot({ username: 'echo_bot', firstName: 'Echo Bot' });
  h.sb.createUser({ id: FIRST_USER_ID, firstName: 'Admin', username: 'admin' });
  const bot = h.telegraf(info.token);
  bot.start((ctx) => ctx.reply('Hi! I echo. <b>Try</b> the button.', { parse_mode: 'HTML', ...Markup.inlineKeyboard([Markup.button.callback('Tap me', 'tap')]) }));
  bot.action('tap', async (ctx) => {
    await ctx.answerCbQuery('Tapped!');
    await ctx.editMessageText('You tapped the button ✅');
  });
  bot.command('buy', (ctx) => ctx.replyWithInvoice({ title: 'Pro plan', description: '30 days of Pro', payload: 'pro', currency: 'XTR', prices: [{ label: 'Pro', amount: 50 }], provider_token: '' }));
  bot.on('pre_checkout_query', (ctx) => ctx.answerPreCheckoutQuery(true));
  bot.on('successful_payment', (ctx) => ctx.reply('Thanks for the stars!'));
  bot.on('text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`, Markup.keyboard([['/buy', 'Help']]).resize()));
  await h.launch(bot);

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
  await page.goto(`${h.sb.url}/?bot=${info.id}`);
  await page.getByText('Echo Bot').first().waitFor();

  // The web chat's "Add" for a new user, with the admin of `npm start` already there.
  await page.fill('#newUser', 'Ann');
  await page.click('#addUser');
  await page.locator('#user option', { hasText: 'Ann' }).waitFor({ state: 'attached' });
  const annId = Number(await page.locator('#user').inputValue());
  expect(annId).toBe(FIRST_USER_ID + 1);
  expect(h.sb.users().map((u) => u.id)).toEqual([FIRST_USER_ID, annId]);

  const send = async (text: string): Promise<void> => {
    await page.fill('#text', text);
    await page.click('#send');
  };
  await send('/start');
  await page.getByRole('button', { name: 'Tap me' }).click();
  await page.getByText('Tapped!').waitFor();
  await page.getByText('You tapped the button ✅').waitFor();
  await send('hello sandbox');
  await page.locator('.msg.bot', { hasText: 'echo: hello sandbox' }).waitFor();
  await page.locator('#replykb button', { hasText: '/buy' }).click();
  await page.getByRole('button', { name: 'Pay 50 ⭐' }).click();
  await page.getByText('Thanks for the stars!').waitFor();

  // What the page shows matches the sandbox's own record of the chat.
  const transcript = h.sb.transcript(annId, info.id);
  expect(transcript.find((e) => e.summary === 'You tapped the button ✅')).toMatchObject({ edited: true });
  expect(await page.locator('.msg.user .bubble').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('hello sandbox')]));
  expect(await page.locator('.service').allInnerTexts()).toEqual(['You paid 50 ⭐']);

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'sandbox-webchat.png') });
  if (DOCS_IMAGES) {
    mkdirSync(DOCS_IMAGES, { recursive: true });
    copyFileSync(join(ARTIFACTS, 'sandbox-webchat.png'), join(DOCS_IMAGES, 'sandbox-webchat.png'));
  }
});
