import { runVerdict, type DesiredStateInput, type RunVerdict } from '../clones/desiredState';
import { DAY_MS } from '../time/durations';

const NOW = new Date('2030-01-10T12:00:00.000Z');
const policy = { graceMs: DAY_MS };
const later = new Date(NOW.getTime() + 10 * DAY_MS);

const healthy = (): DesiredStateInput => ({
  clone: { desiredRunning: true, suspended: null, tokenInvalidAt: null, crashLoopAt: null, deletedAt: null },
  subscription: { expiresAt: later, isTrial: false },
  ownerBanned: false,
});

/** Each blocking condition, in the order of precedence the verdict must follow. */
const conditions: Array<[RunVerdict, (input: DesiredStateInput) => void]> = [
  ['deleted', (i) => (i.clone.deletedAt = NOW)],
  ['suspended', (i) => (i.clone.suspended = { at: NOW, by: 1, reason: 'spam' })],
  ['owner_banned', (i) => (i.ownerBanned = true)],
  ['pending_approval', (i) => (i.clone.approval = 'pending')],
  ['owner_stopped', (i) => (i.clone.desiredRunning = false)],
  ['token_invalid', (i) => (i.clone.tokenInvalidAt = NOW)],
  ['crash_loop', (i) => (i.clone.crashLoopAt = NOW)],
  ['expired', (i) => (i.subscription = { expiresAt: new Date(NOW.getTime() - 2 * DAY_MS), isTrial: false })],
];

describe('runVerdict', () => {
  it('is ok for a healthy, paid clone', () => {
    expect(runVerdict(healthy(), policy, NOW)).toBe('ok');
  });

  it.each(conditions)('is %s when only that condition holds', (verdict, apply) => {
    const input = healthy();
    apply(input);
    expect(runVerdict(input, policy, NOW)).toBe(verdict);
  });

  it.each(conditions.map(([verdict], index) => [verdict, index] as const))(
    'is %s when it and every later condition hold (precedence)',
    (verdict, index) => {
      const input = healthy();
      for (const [, apply] of conditions.slice(index)) apply(input);
      expect(runVerdict(input, policy, NOW)).toBe(verdict);
    },
  );

  it('is rejected for a clone an admin refused, and ok once approved (approval null)', () => {
    const input = healthy();
    input.clone.approval = 'rejected';
    expect(runVerdict(input, policy, NOW)).toBe('rejected');
    input.clone.approval = null;
    expect(runVerdict(input, policy, NOW)).toBe('ok');
  });

  it('is expired without a subscription', () => {
    expect(runVerdict({ ...healthy(), subscription: null }, policy, NOW)).toBe('expired');
  });

  it('lets a trial run, and a lapsed one still runs during grace', () => {
    expect(runVerdict({ ...healthy(), subscription: { expiresAt: later, isTrial: true } }, policy, NOW)).toBe('ok');
    const inGrace = { expiresAt: new Date(NOW.getTime() - DAY_MS / 2), isTrial: false };
    expect(runVerdict({ ...healthy(), subscription: inGrace }, policy, NOW)).toBe('ok');
    const pastGrace = { expiresAt: new Date(NOW.getTime() - DAY_MS), isTrial: false };
    expect(runVerdict({ ...healthy(), subscription: pastGrace }, policy, NOW)).toBe('expired');
  });
});
