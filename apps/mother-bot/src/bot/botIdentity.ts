import { Telegram } from 'telegraf';
import { telegramErrorCode } from '@motherbot/bot-kit';
import type { IdentifyBot } from '../services/botIdentityPort';
import { InvalidTokenError, TokenCheckUnavailableError } from '../services/onboardingErrors';

/**
 * The onboarding service's IdentifyBot port on Telegram: getMe through TELEGRAM_API_ROOT. 401 means the token is invalid; anything else that fails
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
