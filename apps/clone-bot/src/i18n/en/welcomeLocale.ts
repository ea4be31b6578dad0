/** The owner's welcome per language, in the settings menu (HTML). */
export const welcomeLocale = {
  'welcomeLocale.button': '🌐 Welcome per language',
  'welcomeLocale.title': '🌐 <b>Welcome per language</b>\nUsers whose language is one of these get its text; everyone else gets the main welcome text.',
  'welcomeLocale.line': '<b>{language}</b>: {text}',
  'welcomeLocale.unset': '<i>the main welcome text</i>',
  'welcomeLocale.edit': '✏️ {language}',
  'welcomeLocale.reset': '↩️ {language}',
  'welcomeLocale.prompt': 'Send me the welcome text for {language} users (up to {max} characters). You can use {first_name}, {last_name}, {full_name}, {username} and {id}. /cancel to keep the current one.',
  'welcomeLocale.saved': 'Saved for {language}. Preview:',
  'welcomeLocale.removed': 'Removed: the main welcome text is used.',
  'welcomeLocale.empty': 'The welcome text cannot be empty.',
  'welcomeLocale.tooLong': 'That is {length} characters; the limit is {max}.',
  'welcomeLocale.back': '⬅️ Back',
  'welcomeLocale.default': 'Hello {first_name}! Send me a share link to get your file.',
} as const;
