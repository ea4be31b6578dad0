export const referral = {
  'referral.recorded': '🎁 Llegaste por el enlace de un amigo: cuando pagues tu primer plan, recibirá días gratis.',
  'referral.invalid': 'Ese enlace de invitación no es válido.',
  'referral.self': 'Ese es tu propio enlace de invitación: compártelo con otros.',
  'referral.existingOwner': 'Los enlaces de invitación son para propietarios nuevos: tú ya tienes un clon.',
  'referral.earned': {
    one: '🎁 Un propietario al que invitaste acaba de pagar un plan: has ganado {count} día gratis.\nEnvía /referral para elegir el clon que lo recibe.',
    other: '🎁 Un propietario al que invitaste acaba de pagar un plan: has ganado {count} días gratis.\nEnvía /referral para elegir el clon que los recibe.',
  },
  'referral.useButton': { one: '🎁 Usar {count} día gratis', other: '🎁 Usar {count} días gratis' },
  'referral.off': 'Las invitaciones están desactivadas en esta plataforma.',
  'referral.title': '🎁 <b>Invita a propietarios</b>',
  'referral.explain': {
    one: 'Comparte tu enlace. Cuando un propietario que llegue por él pague su primer plan, recibes {count} día gratis en el clon que elijas.',
    other: 'Comparte tu enlace. Cuando un propietario que llegue por él pague su primer plan, recibes {count} días gratis en el clon que elijas.',
  },
  'referral.joined': 'Propietarios que llegaron por tu enlace: {count}',
  'referral.waiting': 'Recompensas pendientes de usar: {count}',
  'referral.noneWaiting': 'No hay recompensas pendientes.',
  'referral.noClone': 'Aún no tienes ningún clon al que dar los días gratis. Crea uno y vuelve con /referral.',
  'referral.whichClone': { one: '¿Qué clon recibe el {count} día gratis?', other: '¿Qué clon recibe los {count} días gratis?' },
  'referral.plusDays': { one: '+{count} día', other: '+{count} días' },
  'referral.applied': { one: '✅ @{bot} recibió {count} día gratis: ahora funciona hasta el {date}.', other: '✅ @{bot} recibió {count} días gratis: ahora funciona hasta el {date}.' },
} as const;
