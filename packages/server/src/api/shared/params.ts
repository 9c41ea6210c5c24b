/**
 * Path parameters, defined once. An entity is addressed by its id (`~123`) or by what TheHive also
 * accepts: a case number, a name (organisation, profile, template, custom field, observable type), a
 * login, or an alert's `type;source;sourceRef` (hence the longer alert ids).
 */
import { MAX_ALERT_ID, MAX_ID, MAX_LOGIN, MAX_NAME } from '@propolis/core';
import { Type } from 'typebox';

const ref = (maxLength: number) => Type.String({ minLength: 1, maxLength });

/** `{id}` of cases, tasks, logs, observables. */
export const IdParams = Type.Object({ id: ref(MAX_ID) });
/** `{id}` of what may also be named: organisations, profiles, case templates, custom fields. */
export const NamedIdParams = Type.Object({ id: ref(MAX_NAME) });
/** `{id}` of users: an id or a login. */
export const UserIdParams = Type.Object({ id: ref(MAX_LOGIN) });
/** `{id}` of alerts: an id or `type;source;sourceRef`. */
export const AlertIdParams = Type.Object({ id: ref(MAX_ALERT_ID) });
/** `{id}` and `{other}`: two organisations (their link). */
export const LinkParams = Type.Object({ id: ref(MAX_NAME), other: ref(MAX_NAME) });
export const CaseIdParams = Type.Object({ caseId: ref(MAX_ID) });
export const TaskIdParams = Type.Object({ taskId: ref(MAX_ID) });
/** `{idOrName}` of observable types. */
export const IdOrNameParams = Type.Object({ idOrName: ref(MAX_NAME) });
/** `{id}` and `{caseId}`: an alert and a case (merge, import). */
export const AlertAndCaseParams = Type.Object({ id: ref(MAX_ALERT_ID), caseId: ref(MAX_ID) });
/** Alert ids in a body (bulk update, delete, merge): 1 to 1000. */
export const AlertIds = Type.Array(ref(MAX_ALERT_ID), { minItems: 1, maxItems: 1000 });
