/**
 * Typed errors of the platform. Each failure has its own class with the context an operator
 * needs to act on it, and never a secret: messages are built from ids and names, not values.
 */
export class AppError extends Error {
  /** Machine-readable kind, stable across versions; used to group errors in monitoring. */
  readonly code: string;
  /** Non-secret context (ids, names, states). */
  readonly context: Record<string, unknown>;

  constructor(code: string, message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.context = context;
  }
}

/** A configuration value is missing or invalid. The message is one line naming each variable. */
export class ConfigError extends AppError {
  constructor(
    message: string,
    readonly problems: ReadonlyArray<{ variable: string; expected: string }>,
  ) {
    super('CONFIG_INVALID', message, { variables: problems.map((p) => p.variable) });
  }
}

/** The embedded database could not be built, started or reached. */
export class EmbeddedDatabaseError extends AppError {
  constructor(message: string, context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super('EMBEDDED_DB', message, context, options);
  }
}

/** A call was made in a state that does not allow it (e.g. `start()` on a running process). */
export class StateError extends AppError {
  constructor(
    readonly wanted: string,
    readonly actual: string,
    what: string,
  ) {
    super('INVALID_STATE', `${what}: expected state ${wanted}, but it is ${actual}`, { wanted, actual });
  }
}
