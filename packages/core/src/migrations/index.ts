export * from './migration';
export * from './migrationRunner';
export * from './platformMigrations';
export * from './cloneMigrations';
export * from './cloneDatabase';
