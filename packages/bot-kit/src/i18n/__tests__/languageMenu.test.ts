import { AUTOMATIC_LANGUAGE, languageKeyboard, parseLanguageChoice } from '../languageMenu';

describe('the language menu', () => {
  const locales = ['en', 'es', 'hi'];
  const names: Record<string, string> = { en: 'English', es: 'Español', hi: 'हिन्दी' };

  it('labels each language in its own words, automatic last, and ticks the current choice', () => {
    const rows = languageKeyboard(locales, (l) => names[l]!, 'Automatic', 'es').inline_keyboard;
    expect(rows.flat().map((b) => [b.text, 'callback_data' in b ? b.callback_data : ''])).toEqual([
      ['English', 'lang:en'],
      ['✅ Español', 'lang:es'],
      ['हिन्दी', 'lang:hi'],
      ['Automatic', `lang:${AUTOMATIC_LANGUAGE}`],
    ]);
    expect(languageKeyboard(locales, (l) => names[l]!, 'Automatic', undefined).inline_keyboard[1]![0]!.text).toBe('✅ Automatic');
  });

  it('reads a locale it has, null for automatic, and refuses anything else', () => {
    expect(parseLanguageChoice('lang:hi', locales)).toBe('hi');
    expect(parseLanguageChoice('lang:auto', locales)).toBeNull();
    for (const data of ['lang:de', 'lang:', 'lang:es:x', 'lang:ES', 'language:es', 'es', '']) expect(parseLanguageChoice(data, locales)).toBeUndefined();
  });
});
