import { motherTexts } from '../../i18n/texts';
import { fmtDuration } from '../format';

describe('fmtDuration (a clone card’s uptime)', () => {
  it('says a length of time in its two largest units, in the reader’s language', () => {
    const en = motherTexts.forLocale('en');
    const hi = motherTexts.forLocale('hi');
    expect(fmtDuration(59 * 60_000, en)).toBe('59 min');
    expect(fmtDuration((47 * 60 + 5) * 60_000, en)).toBe('47 h 5 min');
    expect(fmtDuration(50 * 3_600_000, motherTexts.forLocale('es'))).toBe('2 d 2 h');
    expect(fmtDuration(90 * 60_000, hi)).toBe('1 घंटा 30 मिनट');
    expect(fmtDuration(150 * 60_000, hi)).toBe('2 घंटे 30 मिनट');
  });
});
