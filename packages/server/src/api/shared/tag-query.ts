/**
 * The tag listing query, shared by v0 and v1.
 */
/** The schema lives in @propolis/core (wire/inputs.ts). */
export { TagQuery } from '@propolis/core';
