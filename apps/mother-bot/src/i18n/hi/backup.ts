/** एडमिन का `/backup` संदेश (सादा टेक्स्ट)। */
export const backup = {
  'backup.running': 'एक बैकअप पहले से चल रहा है; उसका नतीजा यहीं भेजा जाएगा।',
  'backup.started': '💾 हर डेटाबेस का बैकअप ले रहा हूँ, फिर उसे रीस्टोर करके जाँचूँगा…',
  'backup.progress': {
    one: '💾 बैकअप: {count} में से {done} डेटाबेस पूरा (आख़िरी: {last})…',
    other: '💾 बैकअप: {count} में से {done} डेटाबेस पूरे (आख़िरी: {last})…',
  },
  'backup.allDone': {
    one: '💾 डेटाबेस का बैकअप हो गया; यह साबित करने के लिए कि बैकअप रीस्टोर होता है, उसे रीस्टोर करके जाँच रहा हूँ…',
    other: '💾 सभी {count} डेटाबेस का बैकअप हो गया; यह साबित करने के लिए कि बैकअप रीस्टोर होता है, उसे रीस्टोर करके जाँच रहा हूँ…',
  },
  'backup.verified': '✅ बैकअप {id}: {databases}, {documents}, {size}; टेस्ट रीस्टोर से जाँचा गया।',
  'backup.notVerified': '✅ बैकअप {id}: {databases}, {documents}, {size}; जाँचा नहीं गया।',
  'backup.verifyFailed': '❌ बैकअप {id}: {databases}, {documents}, {size}; टेस्ट रीस्टोर विफल रहा: {problems}',
  'backup.databases': { one: '{count} डेटाबेस', other: '{count} डेटाबेस' },
  'backup.documents': { one: '{count} दस्तावेज़', other: '{count} दस्तावेज़' },
  'backup.sizeKb': '{size} KB',
  'backup.sizeMb': '{size} MB',
  'backup.pruned': { one: '{count} पुराना बैकअप हटाया गया (BACKUP_KEEP)।', other: '{count} पुराने बैकअप हटाए गए (BACKUP_KEEP)।' },
  'backup.failed': '❌ बैकअप विफल: {error}',
} as const;
