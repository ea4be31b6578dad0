export * from './backupErrors';
export * from './backupKey';
export * from './backupStore';
export * from './manifest';
export * from './databases';
export * from './createBackup';
export * from './restoreBackup';
export * from './verifyBackup';
