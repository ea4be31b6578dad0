/** Who a bot token belongs to, as Telegram's getMe says. */
export interface BotIdentity {
  id: number;
  username: string;
  firstName: string;
}

/**
 * Asks Telegram who a token belongs to: the port the onboarding service is given (the mother
 * bot's `telegramBotIdentifier`, or a fake in tests). It throws `InvalidTokenError` when Telegram
 * does not know the token and `TokenCheckUnavailableError` when Telegram could not be asked.
 */
export type IdentifyBot = (token: string) => Promise<BotIdentity>;
