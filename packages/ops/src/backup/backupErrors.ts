import { AppError } from '@motherbot/core';

/** A backup could not be made, read, verified or restored. The message says which file and why. */
export class BackupError extends AppError {
  constructor(message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super('BACKUP', message, context, options);
  }
}

/** Restore refused: the target database holds data and `--force` was not given. */
export class RestoreTargetNotEmptyError extends AppError {
  constructor(readonly databases: string[]) {
    super(
      'RESTORE_TARGET_NOT_EMPTY',
      `refusing to restore over non-empty database(s) ${databases.join(', ')}: stop the mother, then run again with --force to replace them`,
      { databases },
    );
  }
}
