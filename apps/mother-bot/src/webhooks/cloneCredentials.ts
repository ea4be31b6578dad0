import { cloneWebhookKey, deriveCloneKey, motherWebhookKey, webhookCredentials, type WebhookCredentials } from '@motherbot/core';

/** Clones whose credentials stay cached; beyond it the oldest entry goes (a host runs far fewer). */
const MAX_CACHED = 10_000;

/**
 * Every bot's webhook credentials on this host, derived from the master key: the mother's once,
 * a clone's on its first request that shows the right path MAC, then kept. Only a request whose
 * path MAC matched is cached, so requests for made-up clone ids cost a derivation each but
 * never grow the cache.
 */
export class WebhookCredentialStore {
  readonly mother: WebhookCredentials;
  private readonly clones = new Map<string, WebhookCredentials>();

  constructor(private readonly masterKey: string) {
    this.mother = webhookCredentials(motherWebhookKey(masterKey));
  }

  /** The clone's credentials, and a function that keeps them (call it once its path MAC matched). */
  clone(cloneId: string): { credentials: WebhookCredentials; keep: () => void } {
    const cached = this.clones.get(cloneId);
    if (cached) return { credentials: cached, keep: () => undefined };
    const credentials = webhookCredentials(cloneWebhookKey(deriveCloneKey(this.masterKey, cloneId)));
    return {
      credentials,
      keep: () => {
        if (this.clones.size >= MAX_CACHED) this.clones.delete(this.clones.keys().next().value!);
        this.clones.set(cloneId, credentials);
      },
    };
  }

  get cachedClones(): number {
    return this.clones.size;
  }
}
