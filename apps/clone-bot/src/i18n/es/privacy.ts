export const privacy = {
  'privacy.title': '<b>Qué guarda este bot sobre ti</b>',
  'privacy.identity': '• tu id de Telegram {id}, nombre «{firstName}»',
  'privacy.identityUsername': '• tu id de Telegram {id}, nombre «{firstName}», usuario @{username}',
  'privacy.seen': '• cuándo lo usaste por primera y última vez: {first}, {last}',
  'privacy.nothingYet': '• todavía nada sobre ti como usuario',
  'privacy.deliveries': '• cuántos enlaces abriste ({count}), para las estadísticas del dueño; no cuáles',
  'privacy.access':
    '• si el dueño activó la verificación de enlaces o un límite diario: hasta cuándo estás verificado y cuántos enlaces abriste hoy (se conserva tras /forgetme, para que los límites sigan funcionando)',
  'privacy.language': '• el idioma que elegiste con /language, si elegiste uno',
  'privacy.use': 'El dueño lo usa para enviarte anuncios y contar usuarios. Envía /forgetme para borrarlo.',
  'privacy.forgotten': 'Hecho: tu registro de usuario y tu historial de enlaces están borrados. Si vuelves a usar este bot, se te registrará de nuevo.',
} as const;
