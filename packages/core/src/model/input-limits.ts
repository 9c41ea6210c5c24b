/**
 * Limits and defaults of what clients may send, written once: the request schemas (TypeBox, in
 * the API faces) and the domain's checkers (packages/server/src/domain/input-rules.ts) both read
 * them, so a route cannot accept what a command refuses or the other way round. Storage ranges
 * (dates, int4 columns, text that a database can hold) are in model/limits.ts.
 */

/** Titles of cases, alerts, tasks. */
export const MAX_TITLE = 512;
/** Long free texts: descriptions, summaries, log messages, observable messages (1 MiB of characters). */
export const MAX_LONG_TEXT = 1_048_576;
/** Tags per object, and characters per tag. */
export const MAX_TAGS = 1000;
export const MAX_TAG_LENGTH = 255;
/** Alert key parts (type;source;sourceRef). */
export const MAX_ALERT_TYPE = 64;
export const MAX_ALERT_SOURCE = 255;
export const MAX_ALERT_SOURCE_REF = 255;
/** Links (alert externalLink), custom-field option texts. */
export const MAX_LINK = 4096;
/** Observables in one request (an alert's, a `data` array). */
export const MAX_OBSERVABLES = 10_000;
/** Tasks in one request (a case's, a template's). */
export const MAX_TASKS = 500;
/** Logins, user names, e-mail addresses, assignees. */
export const MAX_LOGIN = 255;
/** Names of organisations, profiles, case templates, custom fields. */
export const MAX_NAME = 128;
/** Short words: statuses, impact and resolution statuses. */
export const MAX_WORD = 32;
/** Passwords (the hash work grows with the length). */
export const MAX_PASSWORD = 1024;

/** Ids in paths: `~123`, a case number, or a name (login, alert `type;source;sourceRef`). */
export const MAX_ID = 64;
export const MAX_ALERT_ID = 1024;

// Dates (DATE_MIN_MS..DATE_MAX_MS) and int4 columns (INT32_MIN..INT32_MAX): model/limits.ts.
