import { common } from './common';

/**
 * The mother bot's English texts, the complete catalog every other language is checked against.
 * One file per area of the bot (named like its feature); this index joins them.
 */
export const en = {
  ...common,
} as const;
