export const fallback = {
  'fallback.unknownCommand': 'मैं यह कमांड नहीं जानता। /help बताता है कि मैं क्या कर सकता हूँ।',
  'fallback.managerHint': 'शेयर लिंक पाने के लिए मुझे कोई फ़ाइल भेजें, या /help।',
  'fallback.userHint': 'फ़ाइल पाने के लिए मुझे शेयर लिंक भेजें, या /help।',
} as const;
