/** `/referral`: the owner's link and the free days it earned. */
export const referral = {
  'referral.recorded': '🎁 You came through a friend\'s link: when you pay for your first plan, they get free days.',
  'referral.invalid': 'That referral link is not valid.',
  'referral.self': 'That is your own referral link: share it with others.',
  'referral.existingOwner': 'Referral links are for new owners: you already have a clone.',
  'referral.earned': { one: '🎁 An owner you referred just paid for a plan: you earned {count} free day.\nSend /referral to pick the clone that gets it.', other: '🎁 An owner you referred just paid for a plan: you earned {count} free days.\nSend /referral to pick the clone that gets them.' },
  'referral.useButton': { one: '🎁 Use {count} free day', other: '🎁 Use {count} free days' },
  'referral.off': 'Referrals are switched off on this platform.',
  'referral.title': '🎁 <b>Invite owners</b>',
  'referral.explain': { one: 'Share your link. When an owner who joins through it pays for their first plan, you get {count} free day on a clone of your choice.', other: 'Share your link. When an owner who joins through it pays for their first plan, you get {count} free days on a clone of your choice.' },
  'referral.joined': 'Owners who joined through your link: {count}',
  'referral.waiting': 'Rewards waiting to be used: {count}',
  'referral.noneWaiting': 'No reward waiting.',
  'referral.noClone': 'You have no clone to give the free days to yet. Create one, then come back with /referral.',
  'referral.whichClone': { one: 'Which clone gets the {count} free day?', other: 'Which clone gets the {count} free days?' },
  'referral.plusDays': { one: '+{count} day', other: '+{count} days' },
  'referral.applied': { one: '✅ @{bot} got {count} free day: it now runs until {date}.', other: '✅ @{bot} got {count} free days: it now runs until {date}.' },
} as const;
