/**
 * Case template fields shared by the v0 and v1 bodies (the tasks and the name differ per version).
 * The schemas live in @propolis/core (wire/administration.ts).
 */
export { CaseTemplateFields, CustomFieldsInput } from '@propolis/core';
