/** The command menus Telegram shows beside the text field: one for users, one for the owner and clone admins. */
export const commands = {
  'commands.start': 'Welcome',
  'commands.search': 'Find files by name',
  'commands.premium': 'Premium: files without limits',
  'commands.language': 'Choose your language',
  'commands.privacy': 'What this bot stores about you',
  'commands.help': 'What this bot does',
  'commands.settings': 'Settings of this bot',
  'commands.stats': 'Users, files, deliveries, Stars',
  'commands.batch': 'One link for several files',
  'commands.index': 'Index older posts of the channel',
  'commands.cancel': 'Stop what is running (index, batch, input)',
  'commands.link': 'Link for the file you reply to',
  'commands.delete': 'Stop a link from working',
  'commands.broadcast': 'Send the replied message to all users',
  'commands.premiumGrant': 'Give premium by hand',
  'commands.premiumRefund': 'Refund a premium payment',
} as const;
