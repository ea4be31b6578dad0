/** मदर बॉट की स्क्रीन पर समय की अवधि (किसी क्लोन का चालू समय)। */
export const duration = {
  'duration.minutes': '{minutes} मिनट',
  'duration.hours': { one: '{count} घंटा {minutes} मिनट', other: '{count} घंटे {minutes} मिनट' },
  'duration.days': { one: '{count} दिन {hours} घंटे', other: '{count} दिन {hours} घंटे' },
} as const;
