import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** An operator's word that an item holds: who, when, and where the evidence is. */
export interface Attestation {
  by: string;
  at: string;
  evidence?: string;
}

export const ATTESTATIONS_FILE = 'readiness-attestations.json';
/** An attestation older than this no longer counts: the item needs a fresh look. */
export const ATTESTATION_MAX_AGE_DAYS = 180;

/**
 * Reads `DATA_DIR/readiness-attestations.json`: `{ "<item id>": { "by": "...", "at": "2025-01-31", "evidence": "..." } }`.
 * A missing file means nothing is attested; a broken one is an error the report shows.
 */
export function readAttestations(dataDir: string): { attestations: Record<string, Attestation>; problem?: string } {
  const file = join(dataDir, ATTESTATIONS_FILE);
  if (!existsSync(file)) return { attestations: {} };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Partial<Attestation>>;
    const attestations: Record<string, Attestation> = {};
    for (const [id, value] of Object.entries(parsed)) {
      if (value && typeof value.by === 'string' && value.by && typeof value.at === 'string' && !Number.isNaN(Date.parse(value.at))) {
        attestations[id] = { by: value.by, at: value.at, evidence: value.evidence };
      }
    }
    return { attestations };
  } catch (error) {
    return { attestations: {}, problem: `${file} is not valid JSON: ${(error as Error).message}` };
  }
}
