import { DEFAULT_WELCOME_TEXT } from '@motherbot/core';
import { welcomeFor } from '../welcomeLocale';

const owned = { welcomeText: 'Welcome to my library', welcomeHtml: null };

describe('welcomeFor', () => {
  it("gives the owner's welcome for the language, escaped, with its placeholders left to fill", () => {
    const settings = { ...owned, welcomeByLocale: { es: '¡Hola {first_name}! <b>no</b> & "sí"' } };
    expect(welcomeFor(settings, 'es')).toBe('¡Hola {first_name}! &lt;b&gt;no&lt;/b&gt; &amp; "sí"');
  });

  it('gives null (the main welcome) for a language without one, an empty one, or an inherited key', () => {
    expect(welcomeFor({ ...owned, welcomeByLocale: { es: 'Hola' } }, 'hi')).toBeNull();
    expect(welcomeFor({ ...owned, welcomeByLocale: { hi: '   ' } }, 'hi')).toBeNull();
    expect(welcomeFor({ ...owned, welcomeByLocale: {} }, 'constructor')).toBeNull();
    expect(welcomeFor({ ...owned } as never, 'en')).toBeNull();
  });

  it('gives the default welcome in the language while the owner has not changed the main one', () => {
    const untouched = { welcomeText: DEFAULT_WELCOME_TEXT, welcomeHtml: null, welcomeByLocale: {} };
    expect(welcomeFor(untouched, 'es')).toBe('¡Hola {first_name}! Envíame un enlace compartido para recibir tu archivo.');
    expect(welcomeFor(untouched, 'en')).toBe(DEFAULT_WELCOME_TEXT);
    expect(welcomeFor({ ...untouched, welcomeHtml: '<b>Mine</b>' }, 'es')).toBeNull();
  });
});
