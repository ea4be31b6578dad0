import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { cloneTexts } from '../src/i18n/texts';
import { CloneHarness } from './cloneHarness';

const ROOT = join(__dirname, '..', '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
/** `DOCS_SCREENSHOTS=1` (scripts/docs-screenshots.sh) retakes the screenshot shown in docs/clone-bot.md. */
const DOCS_IMAGE = process.env.DOCS_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'img', 'webchat-spanish.png') : undefined;

/**
 * A person in the sandbox's web chat picks "Español" in its language selector and talks to a real
 * clone: every update they send carries `language_code: es`, and the clone answers in Spanish.
 * The screenshot is the one docs/clone-bot.md shows.
 */
describe('web chat: a Spanish-speaking user talks to a clone', () => {
  const h = new CloneHarness({ flood: { enabled: false } }, { userRatePerMinute: 1000 });
  let browser: Browser | undefined;

  beforeAll(async () => {
    await h.start();
    await h.clone!.runtime.settings.update({
      searchEnabled: true,
      welcomeByLocale: { es: '¡Hola {first_name}! Aquí tienes los apuntes del curso: abre un enlace o busca con /search.' },
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await h.close();
  }, 60_000);

  it('sets language_code from the selector and shows the clone\'s Spanish replies', async () => {
    const lucia = h.sandbox.createUser({ firstName: 'Lucía', username: 'lucia_m' });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const page = await browser.newPage({ viewport: { width: 1100, height: 820 } });
    await page.goto(`${h.sandbox.url}/?user=${lucia.id}&bot=${h.bot}`);
    await page.locator('.empty', { hasText: 'No messages yet' }).waitFor();

    await page.selectOption('#lang', 'es');
    await page.getByText('Your Telegram language is now es').waitFor();
    expect(h.sandbox.users().find((u) => u.id === lucia.id)?.languageCode).toBe('es');

    const send = async (text: string, expected: string): Promise<void> => {
      await page.fill('#text', text);
      await page.click('#send');
      await page.locator('.msg.bot', { hasText: expected }).last().waitFor();
    };
    await send('/start', '¡Hola Lucía!');
    await send('/help', cloneTexts.t('es', 'help.user').split('\n')[0]!);
    await send('/language', cloneTexts.t('es', 'language.prompt'));
    await page.locator('.kb button', { hasText: 'Español' }).last().click();
    await page.locator('.msg.bot', { hasText: cloneTexts.t('es', 'language.saved') }).last().waitFor();
    expect(h.clone!.runtime.data.languages.get(lucia.id)).toBe('es');

    // The toast of the press fades first, so the screenshot shows the chat whole.
    await page.locator('#toast').waitFor({ state: 'hidden' });
    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'webchat-spanish.png');
    await page.screenshot({ path: shot });
    if (DOCS_IMAGE) {
      mkdirSync(join(ROOT, 'docs', 'img'), { recursive: true });
      copyFileSync(shot, DOCS_IMAGE);
    }
  }, 60_000);
});
