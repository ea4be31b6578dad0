export * from './translator';
export * from './catalogCheck';
export * from './userLanguage';
