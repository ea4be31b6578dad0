import type { AppConfig } from '../config/schema';

/** The deployment URI: MONGODB_URI, or the embedded database on its loopback port. */
export function databaseUri(config: AppConfig): string {
  return config.mongodbUri || `mongodb://127.0.0.1:${config.embeddedDbPort}/`;
}
