import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pool } from '@test-support/fuzz';
import { InProcessMother } from './securityMother';

const PER_MINUTE = 30;
const FLOOD = 1_000;

/**
 * One user floods the mother with 1,000 messages: the flooder gets at most
 * USER_RATE_PER_MINUTE replies and one "too fast" note, and another user's /start is still
 * answered. Latencies go to test-artifacts/flood-mother.json; nothing is asserted on them.
 */
describe('mother bot: one user floods 1,000 messages', () => {
  const m = new InProcessMother({ USER_RATE_PER_MINUTE: String(PER_MINUTE) });
  afterAll(() => m.close(), 60_000);

  it('keeps answering others and bounds what the flooder gets', async () => {
    await m.start();
    const flooder = m.sandbox.createUser({ firstName: 'Flo' });
    const calm = m.sandbox.createUser({ firstName: 'Carl' });
    const timed = async (userId: number) => {
      const t0 = Date.now();
      await m.say(userId, '/start', /I run your own copy/, 60_000);
      return Date.now() - t0;
    };
    const baselineMs = await timed(calm.id);
    const sending = pool(Array.from({ length: FLOOD }, (_, i) => i), 20, (i) => m.sandbox.sendText(flooder.id, m.id, i % 2 ? `/start ${i}` : `spam ${i}`));
    await new Promise((r) => setTimeout(r, 50));
    const duringMs = await timed(calm.id);
    await sending;
    await new Promise<void>((resolve, reject) => {
      const deadline = Date.now() + 60_000;
      const poll = () => ((m.sandbox.stats().updatesPending[m.id] ?? 0) === 0 ? resolve() : Date.now() > deadline ? reject(new Error('flood not taken')) : setTimeout(poll, 100));
      poll();
    });
    const afterMs = await timed(calm.id);
    await new Promise((r) => setTimeout(r, 300));
    const flooderReplies = m.sandbox.messageCount(m.id, flooder.id);
    const warnings = m.sandbox.transcript(flooder.id, m.id).filter((e) => e.direction === 'bot' && /too fast/.test(String(e.message.text ?? ''))).length;
    const report = { flood: FLOOD, perMinute: PER_MINUTE, flooderReplies, warnings, latencyMs: { baseline: baselineMs, duringFlood: duringMs, after: afterMs } };
    mkdirSync(join(__dirname, '../../../test-artifacts'), { recursive: true });
    writeFileSync(join(__dirname, '../../../test-artifacts/flood-mother.json'), JSON.stringify(report, null, 2));
    console.log('mother flood', JSON.stringify(report));
    expect(flooderReplies).toBeLessThanOrEqual(PER_MINUTE + 1);
    expect(warnings).toBe(1);
  }, 120_000);
});
