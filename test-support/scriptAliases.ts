import Module from 'node:module';
import { join } from 'node:path';

type Resolver = (this: unknown, request: string, ...rest: unknown[]) => string;
const loader = Module as unknown as { _resolveFilename: Resolver };
const resolve = loader._resolveFilename;

/**
 * For test code run by ts-node outside jest (`npm run soak`, preloaded with `-r`): resolves
 * `@test-support/*` as jest's moduleNameMapper and tsconfig.jest.json do. The `@motherbot/*`
 * names need no help: they resolve to the built workspaces, which the npm script builds first.
 */
loader._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
  const mapped = request.startsWith('@test-support/') ? join(__dirname, request.slice('@test-support/'.length)) : request;
  return resolve.call(this, mapped, ...rest);
};
