import { TelegramError } from 'telegraf';
import { RetryingCalls } from '../retryingCalls';

function telegramError(code: number, extra: Record<string, unknown> = {}): TelegramError {
  return new TelegramError({ ok: false, error_code: code, description: `error ${code}`, ...extra } as never);
}

/** A bot whose callApi answers from a script: an error is thrown, 'hang' never settles. */
function scripted(answers: Array<unknown>): { bot: { telegram: { callApi: jest.Mock } }; calls: () => number } {
  let n = 0;
  const callApi = jest.fn(() => {
    const answer = answers[Math.min(n, answers.length - 1)];
    n += 1;
    if (answer === 'hang') return new Promise(() => undefined);
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  });
  return { bot: { telegram: { callApi } }, calls: () => n };
}

describe('RetryingCalls', () => {
  it('tries a transient failure again until it gets through; a 401 ends at once', async () => {
    const ok = scripted([telegramError(502), telegramError(502), { id: 1 }]);
    const retries: number[] = [];
    await expect(new RetryingCalls(ok.bot as never, (_e, ms) => retries.push(ms)).call('getMe', {})).resolves.toEqual({ id: 1 });
    expect(retries).toEqual([500, 1000]);

    const revoked = scripted([telegramError(401)]);
    await expect(new RetryingCalls(revoked.bot as never).call('getMe', {})).rejects.toMatchObject({ code: 401 });
    expect(revoked.calls()).toBe(1);
  });

  it('a cancel cuts the wait between attempts and the attempt in progress', async () => {
    const waiting = scripted([telegramError(429, { parameters: { retry_after: 60 } })]);
    const calls = new RetryingCalls(waiting.bot as never);
    const call = calls.call('setWebhook', {});
    await new Promise((resolve) => setImmediate(resolve));
    calls.cancel();
    await expect(call).resolves.toBeUndefined();
    expect(waiting.calls()).toBe(1);

    const hanging = scripted(['hang']);
    const cancelled = new RetryingCalls(hanging.bot as never);
    const inFlight = cancelled.call('getMe', {});
    cancelled.cancel();
    await expect(inFlight).resolves.toBeUndefined();
    await expect(cancelled.call('getMe', {})).resolves.toBeUndefined();
    expect(hanging.calls()).toBe(1);
  });
});
