/** The discovery buttons under the welcome (recent, popular, random) and their settings screen. HTML. */
export const discovery = {
  'discovery.recent': '🆕 Recent',
  'discovery.popular': '🔥 Popular',
  'discovery.random': '🎲 Random',
  'discovery.recentTitle': '🆕 <b>Recent files</b>\nTap a file to get it.',
  'discovery.popularTitle': '🔥 <b>Popular files</b>\nTap a file to get it.',
  'discovery.empty': 'No files to show yet.',
  'discovery.off': 'This button is turned off.',
  'discovery.view': '🧭 <b>Discovery</b>\nButtons under the welcome that help users find files. Deleted files never show.\n\n🆕 Recent: {recent}\n🔥 Popular: {popular}\n🎲 Random: {random}',
  'discovery.on': 'on',
  'discovery.offState': 'off',
  'discovery.button': '🧭 Discovery',
} as const;
