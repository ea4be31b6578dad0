/**
 * Whether `host` names this machine only (localhost, ::1, 127.0.0.0/8): the status server may
 * then go without a token, and a Bot API root there is the local sandbox, not Telegram.
 */
export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\./.test(host);
