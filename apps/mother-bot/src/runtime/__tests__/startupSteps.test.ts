import { StartupAbortedError, StartupStepError, StartupSteps, startFailureLine } from '../startupSteps';

const never = (signal: AbortSignal): Promise<never> =>
  new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted late')), { once: true }));

describe('StartupSteps', () => {
  it('a step past its deadline fails with one line: the step, the deadline and what to check; its work sees the abort', async () => {
    const steps = new StartupSteps();
    let sawAbort = false;
    const failure = await steps
      .run({ name: 'pm2', deadlineMs: 50, hint: 'the PM2 home', run: (signal) => never(signal).finally(() => (sawAbort = signal.aborted)) })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(StartupStepError);
    expect((failure as Error).message).toBe('start-up step "pm2" failed: no result within 0.1 s. Check: the PM2 home');
    await steps.settled(1000);
    expect(sawAbort).toBe(true);
  });

  it('a deadline line quotes what the step last ran into', async () => {
    const failure = await new StartupSteps({ database: 30 })
      .run({ name: 'database', deadlineMs: 60_000, hint: 'the database', run: never, lastProblem: () => 'connect ECONNREFUSED 127.0.0.1:1' })
      .catch((error: unknown) => error);
    expect((failure as Error).message).toBe('start-up step "database" failed: no result within 0 s (last: connect ECONNREFUSED 127.0.0.1:1). Check: the database');
  });

  it('a failing step gives its reason on one line and a hint chosen from the error', async () => {
    const failure = await new StartupSteps()
      .run({
        name: 'telegram',
        deadlineMs: 1000,
        hint: (error) => ((error as { code?: number }).code === 401 ? 'BOT_TOKEN' : 'the network'),
        run: () => Promise.reject(Object.assign(new Error('401:\n Unauthorized.'), { code: 401 })),
      })
      .catch((error: unknown) => error);
    expect(startFailureLine(failure)).toBe('start-up step "telegram" failed: 401: Unauthorized. Check: BOT_TOKEN');
    expect(startFailureLine(new Error('no master key'))).toBe('start failed: no master key');
  });

  it('abort() cuts the step in progress short at once and refuses the next one', async () => {
    const steps = new StartupSteps();
    const running = steps.run({ name: 'clone adoption', deadlineMs: 60_000, hint: '', run: never });
    steps.abort();
    await expect(running).rejects.toBeInstanceOf(StartupAbortedError);
    await expect(steps.run({ name: 'services', deadlineMs: 1000, hint: '', run: async () => 1 })).rejects.toBeInstanceOf(StartupAbortedError);
  });

  it('a step that must run to its end (migrations) finishes before the abort stops the start', async () => {
    const steps = new StartupSteps();
    let finished = false;
    const running = steps.run({
      name: 'migrations',
      deadlineMs: 60_000,
      hint: '',
      runToEnd: true,
      run: () => new Promise<void>((resolve) => setTimeout(() => resolve(void (finished = true)), 50)),
    });
    steps.abort();
    await expect(running).rejects.toBeInstanceOf(StartupAbortedError);
    expect(finished).toBe(true);
  });
});
