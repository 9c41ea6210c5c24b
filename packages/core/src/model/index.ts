/**
 * The domain model shared by every API face: observable types and data, scales and enums,
 * case and alert status models with their v0 mappings, custom fields. Pure functions, no I/O.
 */
export * from './alert-status.js';
export * from './case-status.js';
export * from './custom-field-input.js';
export * from './custom-field-output.js';
export * from './custom-fields.js';
export * from './domain-name.js';
export * from './enums.js';
export * from './indicators.js';
export * from './input-limits.js';
export * from './ip.js';
export * from './limits.js';
export * from './observable-data.js';
export * from './observable-types.js';
export * from './result.js';
export * from './text.js';
