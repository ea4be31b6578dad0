export const webhooks = {
  'webhooks.title': '<b>Webhooks</b>',
  'webhooks.allWell': '🟢 ningún webhook informa de un error',
  'webhooks.mother': '🔴 bot madre: {pending} en espera, último error {date}: {message}',
  'webhooks.clone': '🔴 @{bot} (<code>{cloneId}</code>): {pending} en espera, último error {date}: {message}',
  'webhooks.more': { one: '… y {count} clon más', other: '… y {count} clones más' },
  'webhooks.unknown': 'desconocido',
};
