/** `/start`, `/help`, the command menu and the answers to what nothing else handled. */
export const start = {
  'start.greeting': 'Hi {name}! I run your own copy of a file-sharing bot: you bring a bot, I keep it online. Create a clone to start a free trial.',
  'start.referralHint': 'Invite other owners and earn free days: /referral',
  'start.help':
    'Commands:\n/start — main menu\n/new — create a clone\n/clones — your clones\n/referral — invite owners, earn free days\n/privacy — what is stored about you\n/language — choose your language\n/cancel — stop what you are doing\n/paysupport — help with payments',
  'fallback.unknownCommand': 'I do not know that command. /help lists what I can do.',
  'fallback.hint': 'Use /start for the menu, or /help.',
  'commands.start': 'Main menu',
  'commands.new': 'Create a clone',
  'commands.clones': 'Your clones',
  'commands.referral': 'Invite owners, earn free days',
  'commands.privacy': 'What is stored about you',
  'commands.language': 'Choose your language',
  'commands.cancel': 'Stop what you are doing',
  'commands.paysupport': 'Help with payments',
  'commands.help': 'All commands',
  'commands.admin': 'Admin panel',
  'commands.health': 'Health checks',
  'commands.errors': 'Latest kinds of error',
  'commands.backup': 'Back up every database now',
  'commands.readiness': 'Production readiness report',
  'commands.setplan': 'Add or change a plan: code days stars name',
} as const;
