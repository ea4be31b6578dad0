import { deriveVerificationKey, issueVerificationToken, VERIFY_PREFIX } from '@motherbot/core';
import type { TgMessage } from '@motherbot/telegram-sandbox';
import { shortenUrl, ShortenerError, type ShortenerFailure } from '../src/bot/services/shortener';
import { sealShortenerKey } from '../src/bot/services/shortenerSettings';
import { ShortenerCircuit } from '../src/bot/services/shortenerCircuit';
import { BlockedAddressError, guardedGet, isInternalAddress, RedirectError } from '../src/bot/services/guardedGet';
import { get, globalAgent } from 'node:http';
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { CloneHarness, hasFile, textOf } from './cloneHarness';
import { FakeShortener } from './fakeShortener';

const VERIFY = /Please verify first/;

describe('shortener client against a local fake shortener', () => {
  const fake = new FakeShortener(1_500);
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());

  const failure = async (apiUrl: string, apiKey = 'good-key', allowInternal = true): Promise<ShortenerFailure> => {
    try {
      await shortenUrl({ apiUrl, apiKey }, 'https://t.me/x_bot?start=verify-abc', { timeoutMs: 500, allowInternal });
    } catch (error) {
      if (error instanceof ShortenerError) {
        expect(error.message).not.toContain(apiKey);
        return error.reason;
      }
      throw error;
    }
    throw new Error('it worked');
  };

  it('shortens through the common API shape, its variants and a custom template', async () => {
    for (const apiUrl of [`${fake.base}/good`, `${fake.base}/good/api`, `${fake.base}/alt/`, `${fake.base}/tpl?k={key}&u={url}`]) {
      const short = await shortenUrl({ apiUrl, apiKey: 'good-key' }, 'https://t.me/x_bot?start=verify-abc', { allowInternal: true });
      expect(fake.resolve(short)).toBe('https://t.me/x_bot?start=verify-abc');
    }
  });

  it('names each failure: refused key, slow, HTTP error, garbage, nobody listening', async () => {
    expect(await failure(`${fake.base}/good`, 'wrong-key')).toBe('rejected');
    expect(await failure(`${fake.base}/tpl?k={key}&u={url}`, 'wrong-key')).toBe('rejected');
    expect(await failure(`${fake.base}/slow`)).toBe('timeout');
    expect(await failure(`${fake.base}/error`)).toBe('http');
    expect(await failure(`${fake.base}/garbage`)).toBe('garbage');
    expect(await failure('http://127.0.0.1:1/api')).toBe('network');
  });

  it('never lets an owner\'s URL reach an internal address, written as one or by a name that resolves to one', async () => {
    const before = fake.calls.good ?? 0;
    for (const apiUrl of [
      `${fake.base}/good`,
      `http://localhost:${new URL(fake.base).port}/good`,
      `http://[::1]:${new URL(fake.base).port}/good`,
      `http://[::ffff:127.0.0.1]:${new URL(fake.base).port}/good`,
      `http://[::127.0.0.1]:${new URL(fake.base).port}/good`,
      'http://[2002:7f00:1::]/api',
      'http://2130706433/api',
      'http://10.1.2.3/api',
      'http://169.254.169.254/latest/meta-data',
      'http://0.0.0.0/api',
    ]) {
      expect(await failure(apiUrl, 'good-key', false)).toBe('blocked');
    }
    // A name that resolves to an internal address is refused by the connection's own lookup, not by its spelling.
    const name = hostname();
    expect(isInternalAddress((await lookup(name)).address)).toBe(true);
    expect(await failure(`http://${name}:${new URL(fake.base).port}/good`, 'good-key', false)).toBe('blocked');
    expect(fake.calls.good ?? 0).toBe(before);
  });

  it('follows a redirect only to a web address, at most 3, and reads at most maxBytes of an answer', async () => {
    const get = (url: string) => guardedGet(url, { timeoutMs: 2_000, maxBytes: 10_000, allowInternal: true });
    expect((await get(`${fake.base}/huge`)).body).toHaveLength(10_000);
    await expect(get(`${fake.base}/redirect?to=${encodeURIComponent('ftp://example.org/x')}`)).rejects.toBeInstanceOf(RedirectError);
    let chain = `${fake.base}/alt/api?api=good-key&url=x`;
    for (let i = 0; i < 3; i += 1) chain = `${fake.base}/redirect?to=${encodeURIComponent(chain)}`;
    expect((await get(chain)).status).toBe(200);
    await expect(get(`${fake.base}/redirect?to=${encodeURIComponent(chain)}`)).rejects.toBeInstanceOf(RedirectError);
  });

  it('checks the address even when the process already holds a kept-alive socket to that host', async () => {
    const url = `http://${hostname()}:${new URL(fake.base).port}/alt/api?api=good-key&url=x`;
    // Anything else in the worker (Telegraf against a plain-http Bot API, say) may leave such a socket in Node's pool.
    await new Promise<void>((resolve, reject) => get(url, { agent: globalAgent }, (res) => res.resume().on('end', resolve)).on('error', reject));
    await expect(guardedGet(url, { timeoutMs: 2_000, maxBytes: 10_000, allowInternal: false })).rejects.toBeInstanceOf(BlockedAddressError);
  });

  it('a shortener that keeps failing is not asked while its circuit is open, then tried once again', async () => {
    const circuit = new ShortenerCircuit({ timeoutMs: 500, allowInternal: true }, { minCalls: 3, openMs: 400 });
    const reason = async (apiUrl: string): Promise<string> => {
      try {
        await circuit.shorten({ apiUrl, apiKey: 'good-key' }, 'https://t.me/x_bot?start=verify-abc');
        return 'ok';
      } catch (error) {
        if (error instanceof ShortenerError) return error.reason;
        throw error;
      }
    };
    try {
      const before = fake.calls.error ?? 0;
      for (let i = 0; i < 3; i += 1) expect(await reason(`${fake.base}/error`)).toBe('http');
      expect(circuit.isOpen).toBe(true);
      // Refused at once: the shortener is not asked.
      for (let i = 0; i < 5; i += 1) expect(await reason(`${fake.base}/error`)).toBe('open');
      expect((fake.calls.error ?? 0) - before).toBe(3);
      // After the open time one trial call goes through; it fails, so the circuit opens again.
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await reason(`${fake.base}/error`)).toBe('http');
      expect(await reason(`${fake.base}/error`)).toBe('open');
      expect((fake.calls.error ?? 0) - before).toBe(4);
      // Another URL or key is another shortener: its circuit starts closed.
      expect(await reason(`${fake.base}/good`)).toBe('ok');
      expect(circuit.isOpen).toBe(false);
    } finally {
      circuit.close();
    }
  });
});

describe('clone bot: link verification, shorteners and quotas', () => {
  const fake = new FakeShortener(3_000);
  const h = new CloneHarness({ flood: { enabled: false } }, { userRatePerMinute: 10_000, shortenerTimeoutMs: 1_000, shortenerCircuit: { minCalls: 3, openMs: 60_000 } });
  let code = '';
  let batch = '';

  const rt = () => h.clone!.runtime;
  /** Opens a link; resolves with the first bot message after it (file, verify button or refusal). */
  const open = async (userId: number, link: string): Promise<TgMessage> => {
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(userId, h.bot, `/start ${link}`);
    return h.next(userId, () => true, after);
  };
  const verifyUrl = (m: TgMessage): string => {
    const url = CloneHarness.buttons(m).find((b) => /Verify/.test(b.text))?.url;
    if (!url) throw new Error(`no verify button in ${textOf(m)}`);
    return url;
  };
  /** The user passes the shortener: the short link leads to the bot's deep link. */
  const payloadBehind = (m: TgMessage): string => {
    const long = new URL(fake.resolve(verifyUrl(m)));
    expect(long.host).toBe('t.me');
    expect(long.pathname).toBe(`/${h.botInfo.username}`);
    const payload = long.searchParams.get('start')!;
    expect(payload.startsWith(VERIFY_PREFIX)).toBe(true);
    expect(payload.length).toBeLessThanOrEqual(64);
    return payload;
  };
  const useShortener = (path: string, failMode: 'deliver' | 'retry' = 'deliver') =>
    rt().settings.update({
      verifyEnabled: true,
      shortenerApiUrl: `${fake.base}/${path}`,
      shortenerKey: sealShortenerKey(h.cloneKey, 'test', 'good-key'),
      shortenerKeyHint: '…-key',
      shortenerFailMode: failMode,
    });

  beforeAll(async () => {
    await fake.start();
    await h.start();
    code = CloneHarness.codeOf(await h.upload(h.owner.id, 'paid-report.pdf'));
    await h.say(h.owner.id, '/batch', /Batch started/);
    for (const name of ['v1.txt', 'v2.txt']) await h.upload(h.owner.id, name, { expect: /Added to the batch/ });
    batch = CloneHarness.codeOf(await h.say(h.owner.id, '/done', /Batch of 2/));
  }, 60_000);
  afterAll(async () => {
    await h.close();
    await fake.stop();
  }, 60_000);

  it('owner: sets the shortener in /settings; the key is tested, sealed and shown by its last 4 characters only', async () => {
    const o = h.owner.id;
    const menu = await h.settings(o, /Verification/);
    expect(textOf(menu)).toMatch(/Verification: off/);
    // Verification cannot be turned on without a shortener.
    expect((await h.press(o, menu, /Verification: off/))?.text).toMatch(/shortener URL and key first/);
    await h.press(o, menu, /Shortener URL/);
    await h.say(o, 'not a url', /not a web address/);
    await h.say(o, `${fake.base}/good`, /Saved/);
    const menu2 = await h.settings(o, /Verification/, /Shortener key/);
    // The shortener quotes the wrong key in its refusal: the owner is told why, without the key.
    const refused = await h.say(o, 'wrong-key', /failed: it refused the request: Invalid API key/);
    expect(textOf(refused)).not.toContain('wrong-key');
    // A key so short that its last 4 characters would be all of it is refused.
    await h.press(o, menu2, /Shortener key/);
    await h.until('prompt', () => h.sandbox.transcript(o, h.bot).filter((e) => /API key\. I delete/.test(textOf(e.message))).length >= 2);
    await h.say(o, 'k3y4567', /8 to 200 characters/);
    await h.press(o, menu2, /Shortener key/);
    await h.until('prompt', () => h.sandbox.transcript(o, h.bot).some((e) => /API key/.test(textOf(e.message))));
    const keyMessage = await h.say(o, 'good-key', /shortener works/);
    expect(textOf(keyMessage)).toMatch(/…-key/);
    // The owner's message with the key is gone from the chat.
    expect(h.sandbox.transcript(o, h.bot).filter((e) => e.direction === 'user' && textOf(e.message).includes('key') && !e.deleted)).toEqual([]);
    const stored = JSON.stringify(await h.models.Settings.findById('settings').lean());
    expect(stored).not.toContain('good-key');
    const menu3 = await h.settings(o, /Verification/);
    await h.press(o, menu3, /Verification: off/);
    await h.until('verification on', async () => (await rt().settings.get()).verifyEnabled);
    await h.press(o, menu3, /^12 h/);
    await h.until('window 12 h', async () => (await rt().settings.get()).verifyWindowHours === 12);
    expect(textOf(h.current(o, menu3.message_id))).not.toContain('good-key');
    // The owner never has to verify.
    expect(hasFile(await open(o, code))).toBe(true);
    // A new URL, with the key already saved, is tested at once.
    await h.press(o, menu3, /Shortener URL/);
    await h.say(o, `${fake.base}/error`, /failed: it answered HTTP 500/);
    await h.press(o, menu3, /Shortener URL/);
    await h.say(o, `${fake.base}/good`, /shortener works/);
  }, 60_000);

  it('user: gets a verify button, passes the shortener, and receives the file without asking again', async () => {
    const u = h.user('Vera');
    const prompt = await open(u.id, code);
    expect(textOf(prompt)).toMatch(VERIFY);
    expect(h.filesIn(u.id)).toHaveLength(0);
    const payload = payloadBehind(prompt);
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(u.id, h.bot, `/start ${payload}`);
    await h.next(u.id, /Verified for 12 hours/, after);
    await h.next(u.id, hasFile, after);
    // Verified: the next link (a batch) comes at once.
    const before = h.filesIn(u.id).length;
    await open(u.id, batch);
    await h.until('batch files', () => h.filesIn(u.id).length === before + 2);
    // The same token again: already used.
    await h.say(u.id, `/start ${payload}`, /already used.*already verified/);
  }, 60_000);

  it('refuses a replayed, foreign, forged or expired token with a clear message and a fresh button', async () => {
    const a = h.user('Ann');
    const b = h.user('Bob');
    const payload = payloadBehind(await open(a.id, code));
    // Bob uses Ann's link: refused; Bob has opened nothing, so he is told to open his link.
    await h.say(b.id, `/start ${payload}`, /belongs to someone else.*Open your file link again/);
    // Bob, with a link of his own waiting, gets his own fresh button.
    await open(b.id, code);
    let after = h.sandbox.cursor();
    await h.sandbox.sendText(b.id, h.bot, `/start ${payload}`);
    await h.next(b.id, /belongs to someone else/, after);
    expect(textOf(await h.next(b.id, VERIFY, after))).toMatch(VERIFY);
    expect(h.filesIn(b.id)).toHaveLength(0);
    // A forged token (signed with another key), and a tampered one.
    const forged = issueVerificationToken(deriveVerificationKey(Buffer.alloc(32, 7), 'test'), a.id, new Date(Date.now() + 3_600_000)).token;
    await h.say(a.id, `/start ${VERIFY_PREFIX}${forged}`, /not valid/);
    await h.say(a.id, `/start ${VERIFY_PREFIX}${payload.slice(VERIFY_PREFIX.length, -1)}`, /damaged/);
    // Expired (signed with the clone's real key): a fresh button comes with the message.
    const key = deriveVerificationKey(h.cloneKey, 'test');
    const expired = issueVerificationToken(key, a.id, new Date(Date.now() - 1_000)).token;
    after = h.sandbox.cursor();
    await h.sandbox.sendText(a.id, h.bot, `/start ${VERIFY_PREFIX}${expired}`);
    await h.next(a.id, /expired/, after);
    await h.next(a.id, VERIFY, after);
    // A validly signed token of Ann's that is not her pending one: replayed or replaced.
    const stale = issueVerificationToken(key, a.id, new Date(Date.now() + 3_600_000)).token;
    await h.say(a.id, `/start ${VERIFY_PREFIX}${stale}`, /already used/);
    expect(h.filesIn(a.id)).toHaveLength(0);
    // Ann's real token still works, once.
    after = h.sandbox.cursor();
    await h.sandbox.sendText(a.id, h.bot, `/start ${payload}`);
    await h.next(a.id, hasFile, after);
    expect(h.counters.errors).toBe(0);
  }, 60_000);

  it('a user pressing for links many times gets the same button: one shortener call per token', async () => {
    const u = h.user('Many');
    const calls = fake.calls.good ?? 0;
    const urls = new Set<string>();
    for (let i = 0; i < 4; i += 1) urls.add(verifyUrl(await open(u.id, i % 2 ? batch : code)));
    expect(urls.size).toBe(1);
    expect((fake.calls.good ?? 0) - calls).toBe(1);
    // The token brings the LAST link asked for: the batch.
    const after = h.sandbox.cursor();
    await h.sandbox.sendText(u.id, h.bot, `/start ${payloadBehind(await open(u.id, batch))}`);
    await h.next(u.id, /Verified/, after);
    await h.until('batch delivered', () => h.filesIn(u.id).length === 2);
  }, 60_000);

  it('a failing shortener: the owner is told once; users get the file or a "try again", as the owner chose', async () => {
    for (const path of ['slow', 'error', 'garbage']) {
      await useShortener(path, 'deliver');
      const warnings = () => h.sandbox.transcript(h.owner.id, h.bot).filter((e) => /your shortener failed/.test(textOf(e.message))).length;
      const before = warnings();
      for (const name of ['P1', 'P2']) {
        const u = h.user(`${name}-${path}`);
        expect(hasFile(await open(u.id, code))).toBe(true);
      }
      // Once per cooldown, not per user (the cooldown spans the three shorteners too).
      await h.until('owner warned', () => warnings() >= 1);
      expect(warnings() - before).toBeLessThanOrEqual(1);
    }
    expect(h.sandbox.transcript(h.owner.id, h.bot).filter((e) => /your shortener failed/.test(textOf(e.message)))).toHaveLength(1);
    await useShortener('error', 'retry');
    const u = h.user('Retry');
    const reply = await open(u.id, code);
    expect(textOf(reply)).toMatch(/not available right now/);
    expect(CloneHarness.buttons(reply).some((b) => /Try again/.test(b.text))).toBe(true);
    await useShortener('good');
    await h.press(u.id, reply, /Try again/);
    await h.next(u.id, VERIFY, 0);
    expect(h.filesIn(u.id)).toHaveLength(0);
  }, 90_000);

  it('a shortener that keeps failing stops being asked: later users are answered at once', async () => {
    await useShortener('error', 'retry');
    const before = fake.calls.error ?? 0;
    for (let i = 0; i < 6; i += 1) {
      const reply = await open(h.user(`Down${i}`).id, code);
      expect(textOf(reply)).toMatch(/not available right now/);
      expect(CloneHarness.buttons(reply).some((b) => /Try again/.test(b.text))).toBe(true);
    }
    // Three calls judged the shortener; the other three users were not made to wait on it.
    expect((fake.calls.error ?? 0) - before).toBe(3);
    // The owner fixes the setting: the next user goes through the shortener again.
    await useShortener('good');
    expect(verifyUrl(await open(h.user('Fixed').id, code))).toContain(fake.base);
  }, 60_000);

  it('premium users skip verification and the quota', async () => {
    await useShortener('good');
    await rt().settings.update({ dailyFileQuota: 1 });
    const p = h.user('Prem');
    await rt().data.premium.extend(p.id, 30, 'owner');
    for (let i = 0; i < 3; i += 1) expect(hasFile(await open(p.id, code))).toBe(true);
    await rt().settings.update({ dailyFileQuota: 0 });
  }, 60_000);

  it('quota: a user over the daily limit is told when the next file comes; the owner sets it in /settings', async () => {
    await rt().settings.update({ verifyEnabled: false });
    const o = h.owner.id;
    await h.settings(o, /Verification/, /Daily limit/);
    await h.say(o, 'lots', /whole number/);
    await h.say(o, '2', /2 file links per day/);
    const u = h.user('Quota');
    expect(hasFile(await open(u.id, code))).toBe(true);
    await open(u.id, batch);
    await h.until('batch', () => h.filesIn(u.id).length === 3);
    const refused = textOf(await open(u.id, code));
    expect(refused).toMatch(/today's limit of 2 file links.*available in \d+ (hour|minute).*midnight UTC/);
    expect(h.filesIn(u.id)).toHaveLength(3);
    const doc = await h.models.UserAccess.findById(String(u.id)).lean();
    expect(doc?.quotaCount).toBe(2);
    expect(doc?.quotaDay).toBe(new Date().toISOString().slice(0, 10));
    await rt().settings.update({ dailyFileQuota: 0 });
  }, 60_000);
});
