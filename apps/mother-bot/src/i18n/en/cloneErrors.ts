/** The admins' "last errors" screen of a clone: what the clone manager recorded about it. */
export const cloneErrors = {
  'cloneErrors.tokenRevoked': 'Telegram rejects its token (revoked?) since {date}',
  'cloneErrors.tokenConflict': 'another program polls its token since {date}',
  'cloneErrors.crashLoop': 'crash loop at {date}',
  'cloneErrors.lastExit': 'last exit {date}: {reason}',
  'cloneErrors.exitCode': 'exit code {code}',
  'cloneErrors.restartedByPm2': 'restarted by PM2',
  'cloneErrors.unknown': 'reason unknown',
  'cloneErrors.lastExitCode': 'last exit code {code}',
  'cloneErrors.restarts': { one: '{count} restart in the crash-loop window', other: '{count} restarts in the crash-loop window' },
} as const;
