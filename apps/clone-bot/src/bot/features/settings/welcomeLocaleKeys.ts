/** The "write the welcome for this language" button of each language of the catalogs, and what it waits for. */
export const WELCOME_LOCALE_EDIT = { en: 'wlEn', es: 'wlEs', hi: 'wlHi' } as const;
export const WELCOME_LOCALE_AWAITING = { en: 'welcomeEn', es: 'welcomeEs', hi: 'welcomeHi' } as const;
export type WelcomeLocale = keyof typeof WELCOME_LOCALE_AWAITING;
