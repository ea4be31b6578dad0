import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { chromium, type Browser } from 'playwright-core';
import { CloneHarness } from './cloneHarness';

const ROOT = join(__dirname, '..', '..', '..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
/** `DOCS_SCREENSHOTS=1` (scripts/docs-screenshots.sh) retakes the screenshot shown in docs/clone-bot.md. */
const DOCS_IMAGE = process.env.DOCS_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'img', 'album-delivery.png') : undefined;

/** A small PNG: a diagonal gradient between two colours, so each photo of the album looks different. */
function gradientPng(width: number, height: number, from: [number, number, number], to: [number, number, number]): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const k = (x / width + y / height) / 2;
      for (let c = 0; c < 3; c++) row[1 + x * 3 + c] = Math.round(from[c]! + (to[c]! - from[c]!) * k);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // truecolour
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]);
}

/**
 * The owner uploads an album of photos and a video, gets one link, and a user opens it in the
 * sandbox's web chat: the files arrive as one album (one bubble, a grid), each with the owner's
 * caption template filled in. The screenshot is the one docs/clone-bot.md shows.
 */
describe('web chat: an album delivered as an album', () => {
  const h = new CloneHarness({ flood: { enabled: false } }, { userRatePerMinute: 1000 });
  let browser: Browser | undefined;

  beforeAll(async () => {
    await h.start();
    await h.clone!.runtime.settings.update({ captionTemplate: '🖼 {file_name} · {file_size}', fileButton: 'share' });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await h.close();
  }, 60_000);

  it('shows the album as one bubble with its items in a grid', async () => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendAlbum(h.owner.id, h.bot, [
      { kind: 'photo', fileName: 'sunrise.png', mimeType: 'image/png', content: gradientPng(320, 240, [255, 170, 60], [200, 60, 120]) },
      { kind: 'photo', fileName: 'lagoon.png', mimeType: 'image/png', content: gradientPng(320, 240, [40, 170, 200], [20, 60, 140]) },
      { kind: 'photo', fileName: 'forest.png', mimeType: 'image/png', content: gradientPng(320, 240, [90, 190, 90], [20, 90, 50]) },
      { kind: 'video', fileName: 'walk.mp4', mimeType: 'video/mp4', content: Buffer.from('a short video of the walk') },
    ]);
    const code = CloneHarness.codeOf(await h.next(h.owner.id, /Album of 4 files/, after));

    const ana = h.sandbox.createUser({ firstName: 'Ana', username: 'ana_reads' });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    const page = await browser.newPage({ viewport: { width: 1100, height: 820 } });
    await page.goto(`${h.sandbox.url}/?user=${ana.id}&bot=${h.bot}`);
    await page.locator('.empty', { hasText: 'No messages yet' }).waitFor();
    await page.fill('#text', `/start ${code}`);
    await page.click('#send');
    await page.locator('.msg.bot', { hasText: 'Share this link' }).waitFor();

    // One bubble holds the whole album: three photos and the video, in the order sent.
    const album = page.locator('.msg.bot .album');
    await expect(album.count()).resolves.toBe(1);
    await expect(album.locator('.cell').count()).resolves.toBe(4);
    await expect(album.locator('img').count()).resolves.toBe(3);
    await expect(album.locator('.cell').nth(3).textContent()).resolves.toContain('walk.mp4');

    mkdirSync(ARTIFACTS, { recursive: true });
    const shot = join(ARTIFACTS, 'album-delivery.png');
    await page.screenshot({ path: shot });
    if (DOCS_IMAGE) {
      mkdirSync(join(ROOT, 'docs', 'img'), { recursive: true });
      copyFileSync(shot, DOCS_IMAGE);
    }
  }, 60_000);
});
