import type { CloneFileKind } from '@motherbot/core';

/**
 * How a list of files is delivered: as `sendMediaGroup` albums of up to 10 where Telegram lets
 * the kinds share one (photos and videos together, documents only with documents, audio only
 * with audio), one message per file otherwise (voice and animations can never be in an album).
 * Order is kept: a run of groupable files of one class becomes albums, anything else breaks it.
 */
export const MEDIA_GROUP_MAX = 10;

type GroupClass = 'visual' | 'document' | 'audio';

/** The album class of a kind, or null when it is always sent alone. */
export function groupClass(kind: CloneFileKind): GroupClass | null {
  switch (kind) {
    case 'photo':
    case 'video':
      return 'visual';
    case 'document':
      return 'document';
    case 'audio':
      return 'audio';
    default:
      return null;
  }
}

export type DeliveryStep<F> = { group: F[] } | { single: F };

/** The files in delivery steps: albums of 2–10 and single files, in the files' order. */
export function planDelivery<F extends { kind: CloneFileKind }>(files: readonly F[]): Array<DeliveryStep<F>> {
  const steps: Array<DeliveryStep<F>> = [];
  let run: F[] = [];
  let runClass: GroupClass | null = null;
  const flush = (): void => {
    for (let i = 0; i < run.length; i += MEDIA_GROUP_MAX) {
      const chunk = run.slice(i, i + MEDIA_GROUP_MAX);
      steps.push(chunk.length === 1 ? { single: chunk[0]! } : { group: chunk });
    }
    run = [];
    runClass = null;
  };
  for (const file of files) {
    const cls = groupClass(file.kind);
    if (cls === null) {
      flush();
      steps.push({ single: file });
      continue;
    }
    if (cls !== runClass) flush();
    run.push(file);
    runClass = cls;
  }
  flush();
  return steps;
}
