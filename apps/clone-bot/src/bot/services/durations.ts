/** Parses "90", "90s", "10m", "2h", "1d" into seconds; null when it is not such a duration. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d{1,7})\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)?\s*$/i.exec(text);
  if (!match) return null;
  const value = Number(match[1]);
  const unit = (match[2] ?? 's')[0]!.toLowerCase();
  const factor = unit === 'd' ? 86_400 : unit === 'h' ? 3600 : unit === 'm' ? 60 : 1;
  return value * factor;
}

/** "45 seconds", "10 minutes", "2 hours", "1 day". */
export function formatDuration(seconds: number): string {
  const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
  if (seconds % 86_400 === 0) return plural(seconds / 86_400, 'day');
  if (seconds % 3600 === 0) return plural(seconds / 3600, 'hour');
  if (seconds % 60 === 0) return plural(seconds / 60, 'minute');
  return plural(seconds, 'second');
}
