import {
  daysLeft,
  dueReminder,
  extendExpiry,
  subscriptionAllowsRun,
  subscriptionState,
  trialExpiry,
} from '../subscription/rules';
import { DAY_MS } from '../time/durations';

const T0 = new Date('2030-01-10T12:00:00.000Z');
const at = (offsetMs: number): Date => new Date(T0.getTime() + offsetMs);
const policy = { graceMs: 2 * DAY_MS };

describe('subscriptionState', () => {
  const paid = { expiresAt: T0, isTrial: false };
  const trial = { expiresAt: T0, isTrial: true };

  it.each<[string, number, string, string]>([
    ['well before expiry', -5 * DAY_MS, 'active', 'trial'],
    ['1 ms before expiry', -1, 'active', 'trial'],
    ['exactly at expiry', 0, 'grace', 'grace'],
    ['1 ms before grace ends', 2 * DAY_MS - 1, 'grace', 'grace'],
    ['exactly when grace ends', 2 * DAY_MS, 'expired', 'expired'],
    ['long after', 40 * DAY_MS, 'expired', 'expired'],
  ])('%s: paid is %s, trial is %s', (_when, offset, paidState, trialState) => {
    expect(subscriptionState(paid, policy, at(offset))).toBe(paidState);
    expect(subscriptionState(trial, policy, at(offset))).toBe(trialState);
  });

  it('with no grace period goes straight from active to expired', () => {
    expect(subscriptionState(paid, { graceMs: 0 }, at(-1))).toBe('active');
    expect(subscriptionState(paid, { graceMs: 0 }, at(0))).toBe('expired');
  });

  it('lets the clone run in trial, active and grace, and not once expired', () => {
    expect(subscriptionAllowsRun(trial, policy, at(-1))).toBe(true);
    expect(subscriptionAllowsRun(paid, policy, at(-1))).toBe(true);
    expect(subscriptionAllowsRun(paid, policy, at(DAY_MS))).toBe(true);
    expect(subscriptionAllowsRun(paid, policy, at(2 * DAY_MS))).toBe(false);
  });
});

describe('extendExpiry', () => {
  it('counts from the current expiry when renewing early, so no day is lost', () => {
    const expiry = at(3 * DAY_MS);
    expect(extendExpiry(expiry, 30, T0)).toEqual(at(33 * DAY_MS));
  });

  it('counts from now when renewing late, so nothing is back-dated', () => {
    expect(extendExpiry(at(-10 * DAY_MS), 30, T0)).toEqual(at(30 * DAY_MS));
  });

  it('counts from now when there is no expiry yet, and for an expiry equal to now', () => {
    expect(extendExpiry(undefined, 7, T0)).toEqual(at(7 * DAY_MS));
    expect(extendExpiry(T0, 7, T0)).toEqual(at(7 * DAY_MS));
  });

  it('gives a trial expiry of now + days (0 days: already due)', () => {
    expect(trialExpiry(3, T0)).toEqual(at(3 * DAY_MS));
    expect(trialExpiry(0, T0)).toEqual(T0);
  });
});

describe('dueReminder', () => {
  const offsets = [7, 3, 1, 0];

  it('is nothing before the first offset', () => {
    expect(dueReminder(T0, offsets, [], at(-7 * DAY_MS - 1))).toBeUndefined();
  });

  it('is each offset exactly at its moment, once', () => {
    expect(dueReminder(T0, offsets, [], at(-7 * DAY_MS))).toEqual({ offsetDays: 7, covers: [7] });
    expect(dueReminder(T0, offsets, [7], at(-7 * DAY_MS))).toBeUndefined();
    expect(dueReminder(T0, offsets, [7], at(-3 * DAY_MS))).toEqual({ offsetDays: 3, covers: [3] });
    expect(dueReminder(T0, offsets, [7, 3], at(-DAY_MS))).toEqual({ offsetDays: 1, covers: [1] });
    expect(dueReminder(T0, offsets, [7, 3, 1], T0)).toEqual({ offsetDays: 0, covers: [0] });
  });

  it('covers older missed offsets with the latest one, so the owner gets one message', () => {
    expect(dueReminder(T0, offsets, [], at(-DAY_MS))).toEqual({ offsetDays: 1, covers: [7, 3, 1] });
    expect(dueReminder(T0, offsets, [7], at(5 * DAY_MS))).toEqual({ offsetDays: 0, covers: [3, 1, 0] });
  });

  it('is nothing once every offset was sent, however late it is', () => {
    expect(dueReminder(T0, offsets, [7, 3, 1, 0], at(30 * DAY_MS))).toBeUndefined();
  });

  it('does not depend on the order of the configured offsets and ignores duplicates', () => {
    expect(dueReminder(T0, [1, 7, 3, 3], [], at(-2 * DAY_MS))).toEqual({ offsetDays: 3, covers: [7, 3] });
  });

  it('is nothing when no offsets are configured', () => {
    expect(dueReminder(T0, [], [], at(DAY_MS))).toBeUndefined();
  });
});

describe('daysLeft', () => {
  it.each<[number, number]>([
    [10 * DAY_MS, 10],
    [DAY_MS + 1, 2],
    [DAY_MS, 1],
    [1, 1],
    [0, 0],
    [-5 * DAY_MS, 0],
  ])('with %d ms left is %d', (msLeft, expected) => {
    expect(daysLeft(at(msLeft), T0)).toBe(expected);
  });
});
