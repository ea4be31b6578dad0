import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { Markup } from 'telegraf';
import { startHarness, type Harness } from './helpers';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts');

let h: Harness;
let browser: Browser | undefined;
afterEach(async () => {
  await browser?.close();
  await h.close();
});

test('a person chats with a real Telegraf bot in the web chat: text, inline button, edit, invoice', async () => {
  h = await startHarness({ flood: { enabled: false } });
  const info = h.sb.createBot({ username: 'echo_bot', firstName: 'Echo Bot' });
  const ann = h.sb.createUser({ firstName: 'Ann', username: 'ann' });
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
  await page.goto(`${h.sb.url}/?user=${ann.id}&bot=${info.id}`);
  await page.getByText('Echo Bot').first().waitFor();

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
  const transcript = h.sb.transcript(ann.id, info.id);
  expect(transcript.find((e) => e.summary === 'You tapped the button ✅')).toMatchObject({ edited: true });
  expect(await page.locator('.msg.user .bubble').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('hello sandbox')]));
  expect(await page.locator('.service').allInnerTexts()).toEqual(['You paid 50 ⭐']);

  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, 'sandbox-webchat.png') });
});
