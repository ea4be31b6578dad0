import { join } from 'node:path';
import type { Config } from 'jest';

/**
 * One jest project per workspace. Workspaces import each other by package name; the mapper
 * points those names at the TypeScript sources so tests never depend on a stale `dist/`.
 * (PM2 workers and the global setup, which jest runs outside this map, are the exceptions: they
 * run the compiled `dist/`, which `npm test` builds first.)
 */
const moduleNameMapper = {
  '^@motherbot/core$': '<rootDir>/../../packages/core/src/index.ts',
  '^@motherbot/telegram-sandbox$': '<rootDir>/../../packages/telegram-sandbox/src/index.ts',
  '^@motherbot/bot-kit$': '<rootDir>/../../packages/bot-kit/src/index.ts',
  '^@motherbot/ops$': '<rootDir>/../../packages/ops/src/index.ts',
  '^@test-support/(.*)$': '<rootDir>/../../test-support/$1',
};

const project = (dir: string, displayName: string): Config => ({
  displayName,
  rootDir: join(__dirname, dir),
  testEnvironment: 'node',
  testMatch: ['<rootDir>/src/**/__tests__/**/*.test.ts', '<rootDir>/test/**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/../../tsconfig.jest.json' }],
  },
  moduleNameMapper,
});

const config: Config = {
  projects: [
    project('packages/core', 'core'),
    project('packages/telegram-sandbox', 'sandbox'),
    project('packages/bot-kit', 'bot-kit'),
    project('packages/ops', 'ops'),
    project('apps/clone-bot', 'clone-bot'),
    project('apps/mother-bot', 'mother-bot'),
  ],
  collectCoverageFrom: [
    '<rootDir>/packages/*/src/**/*.ts',
    '<rootDir>/apps/*/src/**/*.ts',
    '!**/__tests__/**',
    '!**/*.d.ts',
  ],
  coverageReporters: ['text-summary', 'json-summary', 'lcov'],
  coverageThreshold: { global: { lines: 80 } },
  testTimeout: 60_000,
  // One embedded database for the whole run; each test file uses databases of its own.
  globalSetup: '<rootDir>/test-support/globalSetup.ts',
  globalTeardown: '<rootDir>/test-support/globalTeardown.ts',
};

export default config;
