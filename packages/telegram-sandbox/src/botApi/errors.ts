/**
 * Bot API failures. A method throws an `ApiError`; the HTTP layer turns it into Telegram's
 * envelope `{ok:false,error_code,description,parameters?}` with the same HTTP status.
 * The helpers carry Telegram's exact wording, because bots (and our tests) match on it.
 */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
    readonly parameters?: { retry_after?: number; migrate_to_chat_id?: number },
  ) {
    super(description);
    this.name = 'ApiError';
  }

  toJSON(): Record<string, unknown> {
    const body: Record<string, unknown> = { ok: false, error_code: this.code, description: this.description };
    if (this.parameters) body.parameters = this.parameters;
    return body;
  }
}

export const badRequest = (what: string): ApiError => new ApiError(400, `Bad Request: ${what}`);
export const forbidden = (what: string): ApiError => new ApiError(403, `Forbidden: ${what}`);
export const unauthorized = (): ApiError => new ApiError(401, 'Unauthorized');
export const notFound = (): ApiError => new ApiError(404, 'Not Found');
export const tooLarge = (): ApiError => new ApiError(413, 'Request Entity Too Large');
export const conflict = (what: string): ApiError => new ApiError(409, `Conflict: ${what}`);
export const tooManyRequests = (retryAfter: number): ApiError =>
  new ApiError(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });

export const chatNotFound = (): ApiError => badRequest('chat not found');
export const wrongFileId = (): ApiError => badRequest('wrong file identifier/HTTP URL specified');
