import { cloneTexts } from '../../../i18n/texts';
import { ShortenerError, type ShortenerFailure } from '../shortener';
import { shortenerFailureText } from '../shortenerFailureText';

describe('shortenerFailureText', () => {
  const cases: Array<[ShortenerFailure, string | number | undefined, RegExp]> = [
    ['timeout', 5, /5 s/],
    ['network', undefined, /contactar/],
    ['http', 502, /HTTP 502/],
    ['rejected', 'Invalid API key …', /Invalid API key …/],
    ['garbage', undefined, /enlace corto/],
    ['open', 30, /30 s/],
    ['blocked', undefined, /interna/],
  ];

  it.each(cases)('names a %s failure in the reader\'s language, never with the error\'s English message', (reason, detail, expected) => {
    const text = shortenerFailureText(cloneTexts.forLocale('es'), new ShortenerError(reason, 'the shortener english message', detail));
    expect(text).toMatch(expected);
    expect(text).not.toContain('english message');
    expect(shortenerFailureText(cloneTexts.forLocale('hi'), new ShortenerError(reason, 'the shortener english message', detail))).not.toContain('english message');
  });

  it('names a missing shortener', () => {
    expect(shortenerFailureText(cloneTexts.forLocale('es'), null)).toMatch(/no hay acortador/);
    expect(shortenerFailureText(cloneTexts.forLocale('en'), null)).toMatch(/no shortener is set/);
  });
});
