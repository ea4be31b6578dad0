/** One FerretDB log line (its `--log-format=text`: logfmt) as a level and a message for our logger. */
export interface FerretdbLogEntry {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
}

/**
 * Reads FerretDB's level (`level=WARN`, `level=ERROR+3`…) and drops its own `time=` field: the
 * logger stamps the line, so a JSON entry has one timestamp and the level operators filter on.
 * A line that is not logfmt (a Go panic's stack) is an error.
 */
export function ferretdbLogEntry(line: string): FerretdbLogEntry {
  const level = /(?:^|\s)level=([A-Z]+)/.exec(line)?.[1];
  const message = `ferretdb: ${line.replace(/^time=\S+\s+/, '').replace(/(^|\s)level=\S+\s*/, '$1').trim()}`;
  switch (level) {
    case 'WARN':
      return { level: 'warn', message };
    case 'INFO':
      return { level: 'info', message };
    case 'DEBUG':
      return { level: 'debug', message };
    default:
      return { level: 'error', message };
  }
}
