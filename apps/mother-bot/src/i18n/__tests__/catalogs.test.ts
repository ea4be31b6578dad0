import { checkCatalog } from '@motherbot/core';
import { motherTexts } from '../texts';
import { en } from '../en';
import { es } from '../es';
import { hi } from '../hi';

describe("the mother bot's catalogs", () => {
  it.each([
    ['es', es],
    ['hi', hi],
  ])('%s has every English key with the same placeholders and plural shape', (language, catalog) => {
    expect(checkCatalog(en, catalog, language)).toEqual([]);
  });

  it('each language names itself in its own words', () => {
    expect(motherTexts.locales.map((l) => motherTexts.t(l, 'language.name'))).toEqual(['English', 'Español', 'हिन्दी']);
  });
});
