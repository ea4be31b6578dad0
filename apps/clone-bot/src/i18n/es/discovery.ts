import type { Translation } from '@motherbot/core';
import type { discovery as en } from '../en/discovery';

export const discovery: Translation<typeof en> = {
  'discovery.recent': '🆕 Recientes',
  'discovery.popular': '🔥 Populares',
  'discovery.random': '🎲 Al azar',
  'discovery.recentTitle': '🆕 <b>Archivos recientes</b>\nToca un archivo para recibirlo.',
  'discovery.popularTitle': '🔥 <b>Archivos populares</b>\nToca un archivo para recibirlo.',
  'discovery.empty': 'Todavía no hay archivos que mostrar.',
  'discovery.off': 'Este botón está desactivado.',
  'discovery.view': '🧭 <b>Descubrir</b>\nBotones bajo la bienvenida que ayudan a encontrar archivos. Los archivos borrados nunca aparecen.\n\n🆕 Recientes: {recent}\n🔥 Populares: {popular}\n🎲 Al azar: {random}',
  'discovery.on': 'sí',
  'discovery.offState': 'no',
  'discovery.button': '🧭 Descubrir',
};
