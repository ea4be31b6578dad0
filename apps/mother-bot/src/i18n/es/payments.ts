export const payments = {
  'payments.refuse.invalid': 'Esta factura no es válida. Pide una nueva.',
  'payments.refuse.suspended': 'Este clon está suspendido. Contacta con soporte mediante /paysupport.',
  'payments.refuse.notYours': 'Este clon ya no existe o no es tuyo.',
  'payments.refuse.planGone': 'Este plan ya no se ofrece. Elige otro.',
  'payments.refuse.priceChanged': 'El precio de este plan cambió. Pide una factura nueva.',
  'payments.checkFailed': 'No pudimos comprobar este pago ahora mismo. No se cobró nada; inténtalo de nuevo en un minuto.',
  'payments.invoiceDescription': { one: '{count} día de alojamiento para tu clon @{bot}.', other: '{count} días de alojamiento para tu clon @{bot}.' },
  'payments.receipt': {
    one: '🧾 Pago recibido. ¡Gracias!\n\nClon: @{bot}\nPlan: {plan} ({count} día)\nPagado: {stars} ⭐\nAhora funciona hasta: {date}\nId del recibo: <code>{receipt}</code>\n\nPreguntas sobre este pago: /paysupport',
    other: '🧾 Pago recibido. ¡Gracias!\n\nClon: @{bot}\nPlan: {plan} ({count} días)\nPagado: {stars} ⭐\nAhora funciona hasta: {date}\nId del recibo: <code>{receipt}</code>\n\nPreguntas sobre este pago: /paysupport',
  },
  'payments.notApplied': 'Recibimos tu pago (id del recibo <code>{receipt}</code>) pero no pudimos aplicarlo automáticamente. Los administradores ya lo saben y lo arreglarán o te devolverán el dinero. /paysupport',
  'payments.adminNotApplied': '🔴 No se pudo aplicar el pago {receipt} del usuario {userId} ({stars} ⭐). Revisa los registros.',
  'payments.support':
    'Ayuda con los pagos\n\nLos planes se pagan con Telegram Stars y amplían tu clon los días del plan; tu recibo en este chat tiene un id de recibo.\nSi un pago no se aplicó, fue al clon equivocado o quieres un reembolso, envía:\n/paysupport <tu pregunta y el id del recibo>\nUn administrador responde aquí. Los reembolsos vuelven a tu saldo de Stars y los días pagados se descuentan del clon.',
  'payments.supportToAdmins': '💬 /paysupport de {userId} ({who}):\n{question}',
  'payments.supportSent': 'Gracias: los administradores tienen tu mensaje y te responderán aquí.',
  'payments.refuse.pendingApproval': 'Este clon espera la aprobación de un administrador: hasta entonces no se puede pagar ni gastar nada en él (su prueba gratuita empieza cuando lo aprueben).',
  'payments.refuse.rejected': 'Los administradores no aprobaron este clon: no puede funcionar, así que no se puede pagar ni gastar nada en él.',
  'payments.refundReferralWithdrawn': { one: 'Este pago le dio al usuario {referrer} una recompensa por referido de {count} día gratis. Aún no se había usado y ahora se retira.', other: 'Este pago le dio al usuario {referrer} una recompensa por referido de {count} días gratis. Aún no se había usado y ahora se retira.' },
  'payments.refundReferralSpent': { one: 'Este pago le dio al usuario {referrer} una recompensa por referido de {count} día gratis, ya usada en el clon {cloneId}. Ese día no se retiró; queda anotado en el registro de auditoría.', other: 'Este pago le dio al usuario {referrer} una recompensa por referido de {count} días gratis, ya usada en el clon {cloneId}. Esos días no se retiraron; queda anotado en el registro de auditoría.' },
  'payments.referralWithdrawnNotice': { one: 'El pago que te dio una recompensa por referido de {count} día gratis fue reembolsado, así que esa recompensa se retira.', other: 'El pago que te dio una recompensa por referido de {count} días gratis fue reembolsado, así que esa recompensa se retira.' },
} as const;
