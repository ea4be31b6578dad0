import { dueReminder } from '../subscription/rules';
import { DAY_MS } from '../time/durations';

/**
 * A reminder is sent only when it tells the owner something new: one whose moment came before
 * the owner was told the expiry (the subscription's creation) is silent.
 */
describe('dueReminder with the period start', () => {
  const offsets = [3, 1, 0];
  const created = new Date('2030-01-01T00:00:00Z');
  const after = (ms: number): Date => new Date(created.getTime() + ms);

  it('is silent for a 3-day trial right after it was created (the owner was just told)', () => {
    const expiresAt = after(3 * DAY_MS);
    expect(dueReminder(expiresAt, offsets, [], after(1000), created)).toEqual({ offsetDays: 3, covers: [3], silent: true });
  });

  it('speaks again at the next moment after the creation', () => {
    const expiresAt = after(3 * DAY_MS);
    expect(dueReminder(expiresAt, offsets, [3], after(2 * DAY_MS), created)).toEqual({ offsetDays: 1, covers: [1] });
  });

  it('is silent for every offset already past when a short period began, news for the later ones', () => {
    const expiresAt = after(DAY_MS / 2);
    expect(dueReminder(expiresAt, offsets, [], after(1000), created)).toEqual({ offsetDays: 1, covers: [3, 1], silent: true });
    expect(dueReminder(expiresAt, offsets, [3, 1], expiresAt, created)).toEqual({ offsetDays: 0, covers: [0] });
  });

  it('is news when the moment comes after the creation (a longer trial), and without a period start', () => {
    const expiresAt = after(5 * DAY_MS);
    expect(dueReminder(expiresAt, offsets, [], after(2 * DAY_MS), created)).toEqual({ offsetDays: 3, covers: [3] });
    expect(dueReminder(after(3 * DAY_MS), offsets, [], after(1000))).toEqual({ offsetDays: 3, covers: [3] });
  });
});
