import { AppError } from '@motherbot/core';

/** Telegram answered 401 to getMe: the token is wrong or revoked. */
export class InvalidTokenError extends AppError {
  constructor() {
    super('TOKEN_INVALID', 'Telegram does not accept this token');
  }
}

/** getMe could not be asked (network, Telegram 5xx): the token may be fine, try again. */
export class TokenCheckUnavailableError extends AppError {
  constructor(cause: unknown) {
    super('TOKEN_CHECK_UNAVAILABLE', 'Telegram could not be reached to check the token', {}, { cause });
  }
}

/** The text is not shaped like a bot token at all. */
export class MalformedTokenError extends AppError {
  constructor() {
    super('TOKEN_MALFORMED', 'This is not a bot token');
  }
}

/** The bot already runs as a clone here (one clone per bot id, ever). */
export class DuplicateBotError extends AppError {
  constructor(botUsername: string, sameOwner: boolean) {
    super('BOT_DUPLICATE', `@${botUsername} is already a clone`, { botUsername, sameOwner });
  }
}

/** The owner has as many clones as allowed. */
export class CloneLimitError extends AppError {
  constructor(limit: number) {
    super('CLONE_LIMIT', `You can have at most ${limit} clones`, { limit });
  }
}

/** A new token belongs to a different bot than the clone's. */
export class TokenBotMismatchError extends AppError {
  constructor() {
    super('TOKEN_BOT_MISMATCH', 'This token belongs to another bot');
  }
}

/** No such clone, or not the caller's. */
export class CloneNotFoundError extends AppError {
  constructor(cloneId: string) {
    super('CLONE_NOT_FOUND', 'No such clone', { cloneId });
  }
}
