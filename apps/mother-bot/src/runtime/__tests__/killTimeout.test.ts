import { join } from 'node:path';
import { SHUTDOWN_DEADLINE_MS } from '../shutdown';

interface EcosystemApp {
  name: string;
  kill_timeout?: number;
}

describe('PM2 gives the mother the time its own shutdown may take', () => {
  it("ecosystem.config.js's kill_timeout for motherbot exceeds the shutdown deadline, with a margin", () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ecosystem = require(join(__dirname, '../../../../../ecosystem.config.js')) as { apps: EcosystemApp[] };
    const mother = ecosystem.apps.find((app) => app.name === 'motherbot');
    expect(mother?.kill_timeout).toEqual(expect.any(Number));
    // The margin covers the exit after the deadline fires (logger flush, the forced stop's SIGTERMs).
    expect(mother!.kill_timeout! - SHUTDOWN_DEADLINE_MS).toBeGreaterThanOrEqual(3_000);
  });
});
