import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pool } from '@test-support/fuzz';
import { CloneHarness } from './cloneHarness';

const PER_MINUTE = 30;
const FLOOD = 1_000;

/**
 * One user floods a clone bot with 1,000 messages: the flooder gets at most
 * USER_RATE_PER_MINUTE replies and one "too fast" note, and another user's /start is still
 * answered. The latencies are measured and written to test-artifacts/flood-clone.json
 * (docs/reliability.md); no assertion is made on them.
 */
describe('clone bot: one user floods 1,000 messages', () => {
  const h = new CloneHarness({ flood: { enabled: false } }, { userRatePerMinute: PER_MINUTE });
  afterAll(() => h.close(), 60_000);

  it('keeps answering others and bounds what the flooder gets', async () => {
    await h.start();
    const flooder = h.user('Flo');
    const calm = h.user('Carl');
    const timed = async (userId: number) => {
      const t0 = Date.now();
      await h.say(userId, '/start', /Hello/, 60_000);
      return Date.now() - t0;
    };
    const baselineMs = await timed(calm.id);
    const before = h.sandbox.messageCount(h.bot, flooder.id);
    const sending = pool(Array.from({ length: FLOOD }, (_, i) => i), 20, (i) => h.sandbox.sendText(flooder.id, h.bot, `spam ${i}`));
    await new Promise((r) => setTimeout(r, 50)); // let the flood start queueing
    const duringMs = await timed(calm.id);
    await sending;
    // Wait until the bot has taken every update, then count what the flooder got.
    await h.until('flood handled', () => (h.sandbox.stats().updatesPending[h.bot] ?? 0) === 0 && h.counters.updates >= FLOOD + 2, 60_000);
    const afterMs = await timed(calm.id);
    await new Promise((r) => setTimeout(r, 300));
    const flooderReplies = h.sandbox.messageCount(h.bot, flooder.id) - before;
    const warnings = h.sandbox.transcript(flooder.id, h.bot).filter((e) => e.direction === 'bot' && /too fast/.test(String(e.message.text ?? ''))).length;
    const report = { flood: FLOOD, perMinute: PER_MINUTE, flooderReplies, warnings, latencyMs: { baseline: baselineMs, duringFlood: duringMs, after: afterMs } };
    mkdirSync(join(__dirname, '../../../test-artifacts'), { recursive: true });
    writeFileSync(join(__dirname, '../../../test-artifacts/flood-clone.json'), JSON.stringify(report, null, 2));
    console.log('clone flood', JSON.stringify(report));
    expect(flooderReplies).toBeLessThanOrEqual(PER_MINUTE + 1);
    expect(warnings).toBe(1);
    expect(h.counters.errors).toBe(0);
  }, 120_000);
});
