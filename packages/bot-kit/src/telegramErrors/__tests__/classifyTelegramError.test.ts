import { classifyTelegramError } from '../classifyTelegramError';

/** The shape of Telegraf's TelegramError, without importing Telegraf. */
const telegrafError = (error_code: number, description: string, parameters?: Record<string, unknown>) =>
  Object.assign(new Error(`${error_code}: ${description}`), { code: error_code, response: { ok: false, error_code, description, parameters } });

describe('classifyTelegramError', () => {
  it('turns a 429 into retry_after with Telegram\'s seconds (Telegraf shape)', () => {
    expect(classifyTelegramError(telegrafError(429, 'Too Many Requests: retry after 7', { retry_after: 7 }))).toEqual({
      ok: false,
      kind: 'retry_after',
      seconds: 7,
    });
  });

  it('reads the flat { code, description, parameters } shape, and the number in the text as a fallback', () => {
    expect(classifyTelegramError({ code: 429, description: 'x', parameters: { retry_after: 3 } })).toMatchObject({ seconds: 3 });
    expect(classifyTelegramError({ error_code: 429, description: 'Too Many Requests: retry after 12' })).toMatchObject({ seconds: 12 });
    expect(classifyTelegramError({ code: 429, description: 'Too Many Requests' })).toMatchObject({ kind: 'retry_after', seconds: 1 });
  });

  it.each([
    'Forbidden: bot was blocked by the user',
    'Forbidden: user is deactivated',
    "Forbidden: bot can't initiate conversation with a user",
  ])('turns 403 "%s" into blocked', (description) => {
    expect(classifyTelegramError(telegrafError(403, description))).toEqual({ ok: false, kind: 'blocked', description });
  });

  it('turns other 4xx into failed with the reason', () => {
    expect(classifyTelegramError(telegrafError(400, 'Bad Request: chat not found'))).toEqual({
      ok: false,
      kind: 'failed',
      description: 'Bad Request: chat not found',
    });
  });

  it('turns 401 into fatal: no recipient can be reached with a revoked token', () => {
    expect(classifyTelegramError(telegrafError(401, 'Unauthorized'))).toMatchObject({ kind: 'fatal' });
  });

  it.each<[string, unknown]>([
    ['a 5xx', telegrafError(502, 'Bad Gateway')],
    ['a network error', Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })],
    ['a timeout', new Error('request timed out')],
    ['a thrown string', 'boom'],
    ['nothing', undefined],
  ])('turns %s into transient', (_what, error) => {
    expect(classifyTelegramError(error)).toMatchObject({ ok: false, kind: 'transient' });
  });
});
