/**
 * The wire schemas shared by the server (validation, serialisation, OpenAPI) and the clients.
 * Browser-safe: TypeBox only.
 */

export * from './collaboration.js';
export * from './cortex.js';
export * from './fields.js';
export * from './inputs.js';
export * from './meta.js';
export * from './notifications.js';
export * from './outputs.js';
