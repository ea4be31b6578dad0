import { loadConfig } from '@motherbot/core';
import { workerStartOptions } from '../workerStartOptions';

describe('workerStartOptions: what a clone worker is started with', () => {
  const optionsWith = (env: NodeJS.ProcessEnv) => workerStartOptions('a00000000abc', loadConfig({ env, envFile: null, cwd: '/tmp' }), '/tmp/worker.js');

  it('passes the operator\'s shortener rule on, so the worker reads the same setting', () => {
    expect(optionsWith({}).env?.SHORTENER_ALLOW_INTERNAL).toBe('false');
    const env = optionsWith({ SHORTENER_ALLOW_INTERNAL: 'true' }).env!;
    expect(env.SHORTENER_ALLOW_INTERNAL).toBe('true');
    // What the worker's own loadConfig makes of it.
    expect(loadConfig({ env: { ...env }, envFile: null, cwd: '/tmp', productionRules: false }).shortenerAllowInternal).toBe(true);
  });
});
