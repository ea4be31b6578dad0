import { openTestDatabase } from '@test-support/database';
import { checkCatalog, fillPlaceholders, Translator, UserLanguages, userLanguageModel } from '../i18n/index';

const en = {
  hello: 'Hello, {name}!',
  files: { one: '{count} file', other: '{count} files' },
  onlyEnglish: 'Only in English',
} as const;
const es = {
  hello: '¡Hola, {name}!',
  files: { one: '{count} archivo', other: '{count} archivos' },
};

describe('Translator', () => {
  const texts = new Translator(en, { es });

  it('fills placeholders and picks plural forms by the language rules', () => {
    expect(texts.t('en', 'hello', { name: 'Ana' })).toBe('Hello, Ana!');
    expect(texts.t('es', 'hello', { name: 'Ana' })).toBe('¡Hola, Ana!');
    expect(texts.t('en', 'files', { count: 1 })).toBe('1 file');
    expect(texts.t('en', 'files', { count: 0 })).toBe('0 files');
    expect(texts.t('es', 'files', { count: 1 })).toBe('1 archivo');
    expect(texts.t('es', 'files', { count: 3 })).toBe('3 archivos');
  });

  it('falls back to English for a missing key or language', () => {
    expect(texts.t('es', 'onlyEnglish')).toBe('Only in English');
    expect(texts.t('fr', 'hello', { name: 'Zoé' })).toBe('Hello, Zoé!');
  });

  it('resolves Telegram language codes to a catalog or English', () => {
    expect(texts.resolve('es')).toBe('es');
    expect(texts.resolve('es-419')).toBe('es');
    expect(texts.resolve('ES_mx')).toBe('es');
    expect(texts.resolve('de')).toBe('en');
    expect(texts.resolve(undefined)).toBe('en');
    expect(texts.locales).toEqual(['en', 'es']);
  });

  it('leaves an unknown placeholder visible instead of failing', () => {
    expect(fillPlaceholders('a {x} b {y}', { x: 1 })).toBe('a 1 b {y}');
    expect(texts.forLocale('es')('hello')).toBe('¡Hola, {name}!');
  });
});

describe('checkCatalog', () => {
  it('accepts a complete translation', () => {
    expect(checkCatalog(en, { ...es, onlyEnglish: 'Solo en inglés' }, 'es')).toEqual([]);
  });

  it('names missing and extra keys, placeholder and plural mismatches', () => {
    const problems = checkCatalog(en, { hello: '¡Hola, {nombre}!', files: '{count} archivos', extra: 'x' }, 'es');
    expect(problems).toEqual([
      'es: "hello" has placeholders {nombre} but English has {name}',
      'es: "files" is plural in English but one text here',
      'es: missing key "onlyEnglish"',
      'es: key "extra" is not in English',
    ]);
  });
});

describe('UserLanguages on the real database', () => {
  let db: Awaited<ReturnType<typeof openTestDatabase>>;
  beforeAll(async () => {
    db = await openTestDatabase('userlang');
  });
  afterAll(async () => {
    await db.drop();
  });

  it('keeps choices in memory, writes them through, and reads them back in a new process', async () => {
    const model = userLanguageModel(db.connection);
    const first = new UserLanguages(model);
    await first.load();
    expect(first.get(7)).toBeUndefined();
    await first.set(7, 'es');
    await first.set(8, 'hi');
    await first.set(8, null);
    expect(first.get(7)).toBe('es');
    expect(first.get(8)).toBeUndefined();

    const restarted = new UserLanguages(model);
    await restarted.load();
    expect(restarted.get(7)).toBe('es');
    expect(restarted.get(8)).toBeUndefined();
    expect(await model.countDocuments({})).toBe(1);

    // Another process stored a choice meanwhile (the last leader of several hosts): a reload sees it.
    await new UserLanguages(model).set(9, 'hi');
    expect(restarted.get(9)).toBeUndefined();
    await restarted.reload();
    expect(restarted.get(9)).toBe('hi');
    expect(restarted.get(7)).toBe('es');
  });
});
