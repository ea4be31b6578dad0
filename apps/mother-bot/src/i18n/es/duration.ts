/** Duraciones en las pantallas de la madre (el tiempo activo de un clon). */
export const duration = {
  'duration.minutes': '{minutes} min',
  'duration.hours': { one: '{count} h {minutes} min', other: '{count} h {minutes} min' },
  'duration.days': { one: '{count} d {hours} h', other: '{count} d {hours} h' },
} as const;
