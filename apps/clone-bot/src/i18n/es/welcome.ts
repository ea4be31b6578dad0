import type { Translation } from '@motherbot/core';
import type { welcome as en } from '../en/welcome';

export const welcome: Translation<typeof en> = {
  'welcome.fallback': '¡Hola!',
  'welcome.back': '⬅️ Atrás',
  'welcome.settingsButton': '⚙️ Ajustes',
  'welcome.prompt': 'Envíame el nuevo texto de bienvenida (hasta {max} caracteres). Tu formato se conserva: negrita, cursiva, subrayado, tachado, spoiler, código, enlaces, citas. Puedes usar {first_name}, {last_name}, {full_name}, {username} y {id}. /cancel para mantener el actual.',
  'welcome.empty': 'El texto no puede estar vacío.',
  'welcome.tooLong': 'Con los nombres rellenados, ese texto puede llegar a {length} caracteres; el límite es {max}.',
  'welcome.preview': '👀 <b>Vista previa</b>, tal como la vería {name}. Pulsa «Guardar» para usarla.',
  'welcome.save': '✅ Guardar',
  'welcome.cancel': '✖️ Cancelar',
  'welcome.saved': 'Guardado.',
  'welcome.cancelled': 'No se guardó: se mantiene el texto actual.',
  'welcome.noDraft': 'No hay nada pendiente de guardar: envía el texto de nuevo.',
  'welcome.view': '✏️ <b>Bienvenida</b>\n\n{text}\n\nFoto: {photo}\nMarcadores: {first_name} {last_name} {full_name} {username} {id}',
  'welcome.photoOn': 'sí',
  'welcome.photoOff': 'ninguna',
  'welcome.edit': 'Editar texto',
  'welcome.reset': 'Restablecer',
  'welcome.resetDone': 'Texto de bienvenida restablecido.',
  'welcome.photoButton': '🖼 Poner foto',
  'welcome.photoRemove': 'Quitar foto',
  'welcome.photoRemoved': 'Foto quitada.',
  'welcome.photoPrompt': 'Envíame la foto que acompañará la bienvenida (como foto, no como archivo). /cancel para parar.',
  'welcome.photoSaved': 'Guardado: la bienvenida ahora llega con esta foto.',
  'welcome.photoNeeded': 'Eso no es una foto. Envía una foto, o /cancel.',
};
