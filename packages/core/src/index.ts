export * from './errors.js';
export * from './ids.js';
export * from './model/index.js';
export * from './permissions.js';
export * from './query/index.js';
export * from './wire/index.js';
