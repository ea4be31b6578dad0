/** The web chat page (placeholder until the UI lands). */
export const WEB_CHAT_HTML = '<!doctype html><title>Telegram sandbox</title><p>Telegram sandbox</p>';
