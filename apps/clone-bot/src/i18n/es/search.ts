export const search = {
  'search.unavailable': 'La búsqueda no está disponible en este bot.',
  'search.usage': 'Envía /search seguido de unas palabras del nombre del archivo, p. ej. /search fotos vacaciones',
  'search.nothing': 'No se encontró nada para «{query}».',
  'search.results': '🔍 Resultados para <b>{query}</b> (página {page})',
  'search.tap': 'Toca un archivo para recibirlo.',
  'search.previous': '⬅️ Anterior',
  'search.next': 'Siguiente ➡️',
  'search.expired': 'Esta búsqueda caducó. Vuelve a buscar.',
  'search.noMore': 'No hay más resultados.',
} as const;
