import { Telegram } from 'telegraf';
import { telegramErrorCode } from '@motherbot/bot-kit';
import { InvalidTokenError, TokenCheckUnavailableError } from './onboardingErrors';

export interface BotIdentity {
  id: number;
  username: string;
  firstName: string;
}

/** Asks Telegram who a token belongs to. Injected into the onboarding service (tests, sandbox). */
export type IdentifyBot = (token: string) => Promise<BotIdentity>;

/**
 * getMe through TELEGRAM_API_ROOT. 401 means the token is invalid; anything else that fails
 * (network, 5xx, timeout) means "try again", never "invalid".
 */
export function telegramBotIdentifier(apiRoot: string): IdentifyBot {
  return async (token) => {
    try {
      const me = await new Telegram(token, { apiRoot }).getMe();
      return { id: me.id, username: me.username, firstName: me.first_name };
    } catch (error) {
      const code = telegramErrorCode(error);
      if (code === 401 || code === 404) throw new InvalidTokenError();
      throw new TokenCheckUnavailableError(error);
    }
  };
}
