export const stats = {
  'stats.title': '📊 <b>Estadísticas</b>',
  'stats.users': 'Usuarios: <b>{users}</b> (bloquearon el bot: {blocked})',
  'stats.files': 'Archivos: <b>{files}</b> · Lotes: <b>{batches}</b>',
  'stats.deliveries': 'Entregas: <b>{deliveries}</b>',
  'stats.stars': {
    one: 'Stars ganadas: <b>{net} ⭐</b> ({count} venta premium, {refunded} ⭐ reembolsadas)',
    other: 'Stars ganadas: <b>{net} ⭐</b> ({count} ventas premium, {refunded} ⭐ reembolsadas)',
  },
  'stats.topTitle': '<b>Enlaces más usados</b>',
  'stats.topNone': 'ninguno todavía',
  'stats.topBatch': 'lote',
  'stats.topDeleted': 'archivo borrado',
  'stats.daysTitle': '<b>Últimos 7 días</b> (UTC: usuarios nuevos / entregas)',
} as const;
