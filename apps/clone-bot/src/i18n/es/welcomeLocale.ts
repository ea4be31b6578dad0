export const welcomeLocale = {
  'welcomeLocale.button': '🌐 Bienvenida por idioma',
  'welcomeLocale.title': '🌐 <b>Bienvenida por idioma</b>\nLos usuarios cuyo idioma sea uno de estos reciben su texto; los demás reciben el texto de bienvenida principal.',
  'welcomeLocale.line': '<b>{language}</b>: {text}',
  'welcomeLocale.unset': '<i>el texto de bienvenida principal</i>',
  'welcomeLocale.edit': '✏️ {language}',
  'welcomeLocale.reset': '↩️ {language}',
  'welcomeLocale.prompt': 'Envíame el texto de bienvenida para los usuarios en {language} (hasta {max} caracteres). Puedes usar {first_name}, {last_name}, {full_name}, {username} y {id}. /cancel para conservar el actual.',
  'welcomeLocale.saved': 'Guardado para {language}. Vista previa:',
  'welcomeLocale.removed': 'Quitado: se usa el texto de bienvenida principal.',
  'welcomeLocale.empty': 'El texto de bienvenida no puede estar vacío.',
  'welcomeLocale.tooLong': 'Son {length} caracteres; el límite es {max}.',
  'welcomeLocale.back': '⬅️ Atrás',
} as const;
