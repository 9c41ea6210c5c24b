/**
 * The wire schemas shared by the server (validation, serialisation, OpenAPI) and the clients.
 * Browser-safe: TypeBox only.
 */

export * from './administration.js';
export * from './collaboration.js';
export * from './cortex.js';
export * from './dashboards.js';
export * from './describe.js';
export * from './feeders.js';
export * from './fields.js';
export * from './inputs.js';
export * from './meta.js';
export * from './misp.js';
export * from './notifications.js';
export * from './outputs.js';
export * from './sharing.js';
export * from './status.js';
export * from './taxii.js';
export * from './views.js';
