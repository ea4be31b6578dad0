/**
 * Message catalogs: every text a bot shows is a key in a catalog, English first, other
 * languages beside it. A text may take `{placeholders}` and, when it counts something, plural
 * forms chosen by `Intl.PluralRules` from the `count` parameter (so "1 file" / "2 files" is one
 * key, right in every language, not an English `s` glued on).
 *
 * Knows nothing of Telegram: the bots pick the locale (bot-kit's locale middleware) and call
 * `t(locale, key, params)`.
 */

/** Plural forms of one text, by CLDR category; `other` is required, the rest as the language needs. */
export type PluralForms = { readonly other: string } & Readonly<Partial<Record<Intl.LDMLPluralRule, string>>>;
export type CatalogText = string | PluralForms;
/** One language's texts by key. */
export type Catalog = Readonly<Record<string, CatalogText>>;
/** A translation of the English catalog `C`: the same keys (checked by `checkCatalog` in a test, not by the type, so a key can be added in English first). */
export type Translation<C extends Catalog> = Readonly<Partial<Record<keyof C, CatalogText>>>;
export type TextParams = Readonly<Record<string, string | number>>;
/** A translator bound to one locale: what a handler calls. */
export type Translate<C extends Catalog> = (key: keyof C & string, params?: TextParams) => string;

export const DEFAULT_LOCALE = 'en';

const PLACEHOLDER = /\{([a-zA-Z0-9_]+)\}/g;

/** Fills `{name}` from `params`; an unknown placeholder stays as written (visible, never a crash). */
export function fillPlaceholders(text: string, params: TextParams | undefined): string {
  if (!params) return text;
  return text.replace(PLACEHOLDER, (whole, name: string) => (Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole));
}

export class Translator<C extends Catalog> {
  private readonly catalogs: ReadonlyMap<string, Translation<C>>;
  private readonly plurals = new Map<string, Intl.PluralRules>();

  /**
   * @param english the complete catalog, the fallback for any key another language lacks
   * @param translations other languages by their ISO 639-1 code (`es`, `hi`)
   */
  constructor(
    private readonly english: C,
    translations: Readonly<Record<string, Translation<C>>> = {},
  ) {
    this.catalogs = new Map<string, Translation<C>>([[DEFAULT_LOCALE, english], ...Object.entries(translations)]);
  }

  /** The locales this translator has, English first. */
  get locales(): string[] {
    return [...this.catalogs.keys()];
  }

  /** True when `locale` is one of `locales`. */
  has(locale: string): boolean {
    return this.catalogs.has(locale);
  }

  /**
   * The locale for a Telegram `language_code` (IETF tag such as `es`, `es-419`, `pt-br`): its
   * language if there is a catalog for it, else English.
   */
  resolve(languageCode: string | null | undefined): string {
    if (!languageCode) return DEFAULT_LOCALE;
    const lang = languageCode.toLowerCase().split(/[-_]/)[0]!;
    return this.catalogs.has(lang) ? lang : DEFAULT_LOCALE;
  }

  /** The text of `key` in `locale`, falling back to English for a missing language or key. */
  t(locale: string, key: keyof C & string, params?: TextParams): string {
    const own = this.catalogs.get(locale)?.[key];
    const text = own ?? this.english[key];
    const usedLocale = own === undefined ? DEFAULT_LOCALE : locale;
    if (text === undefined) return key;
    if (typeof text === 'string') return fillPlaceholders(text, params);
    const count = typeof params?.count === 'number' ? params.count : Number(params?.count ?? 0);
    const form = text[this.pluralRules(usedLocale).select(count)] ?? text.other;
    return fillPlaceholders(form, params);
  }

  /** `t` bound to one locale. */
  forLocale(locale: string): Translate<C> {
    return (key, params) => this.t(locale, key, params);
  }

  private pluralRules(locale: string): Intl.PluralRules {
    let rules = this.plurals.get(locale);
    if (!rules) {
      rules = new Intl.PluralRules(locale);
      this.plurals.set(locale, rules);
    }
    return rules;
  }
}
