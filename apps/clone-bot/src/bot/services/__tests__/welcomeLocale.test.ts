import { welcomeFor } from '../welcomeLocale';

describe('welcomeFor', () => {
  it("gives the owner's welcome for the language, escaped, with its placeholders left to fill", () => {
    const settings = { welcomeByLocale: { es: '¡Hola {first_name}! <b>no</b> & "sí"' } };
    expect(welcomeFor(settings, 'es')).toBe('¡Hola {first_name}! &lt;b&gt;no&lt;/b&gt; &amp; "sí"');
  });

  it('gives null (the main welcome) for a language without one, an empty one, or an inherited key', () => {
    expect(welcomeFor({ welcomeByLocale: { es: 'Hola' } }, 'hi')).toBeNull();
    expect(welcomeFor({ welcomeByLocale: { hi: '   ' } }, 'hi')).toBeNull();
    expect(welcomeFor({ welcomeByLocale: {} }, 'constructor')).toBeNull();
    expect(welcomeFor({} as never, 'en')).toBeNull();
  });
});
