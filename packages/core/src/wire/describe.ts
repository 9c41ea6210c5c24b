/**
 * `GET /api/v1/describe/_all` and `/describe/{model}` (TheHive's attribute metadata, used by UIs to
 * build filters): each model's attributes are read from its output schema in this package, so the
 * description follows the schemas; enumerated attributes take their values and labels from the
 * model's enumerations (model/enums.ts, model/case-status.ts, model/alert-status.ts).
 */
import { type TSchema, Type } from 'typebox';
import { ALERT_STATUSES } from '../model/alert-status.js';
import { CASE_STAGES, CASE_STATUSES } from '../model/case-status.js';
import { IMPACT_STATUSES, PAP_LABELS, SEVERITY_LABELS, TASK_STATUSES, TLP_LABELS } from '../model/enums.js';
import { ALL_PERMISSIONS } from '../permissions.js';
import {
  CommentOutput,
  CustomStatusOutput,
  PageOutput,
  PageTemplateOutput,
  PatternOutput,
  ProcedureOutput,
} from './collaboration.js';
import { DashboardOutputV1 } from './dashboards.js';
import { Open } from './meta.js';
import {
  AlertOutputV1,
  AuditOutputV1,
  CaseOutputV1,
  CaseTemplateOutputV1,
  CustomFieldOutputV1,
  LogOutputV1,
  ObservableOutputV1,
  ObservableTypeOutputV1,
  OrganisationOutputV1,
  ProfileOutputV1,
  TagOutput,
  TaskOutputV1,
  UserOutputV1,
} from './outputs.js';

export const PropertyDescription = Open({
  name: Type.String(),
  type: Type.String({ description: 'string, number, boolean, date, enumeration, tags, custom' }),
  values: Type.Array(Type.Unknown(), { description: 'the values an enumeration takes' }),
  labels: Type.Array(Type.String(), { description: 'their labels, in the same order' }),
  required: Type.Boolean({ description: 'always present in the output' }),
});
export type PropertyDescription = {
  name: string;
  type: string;
  values: unknown[];
  labels: string[];
  required: boolean;
};

export const EntityDescription = Open({
  label: Type.String(),
  initialQuery: Type.String({ description: 'the /api/v1/query step that lists the model' }),
  attributes: Type.Array(PropertyDescription),
});
export const DescribeAllOutput = Type.Record(Type.String(), EntityDescription);

const range = (from: number, labels: readonly string[]) => ({
  values: labels.map((_, i) => from + i),
  labels: [...labels],
});
const named = (values: readonly string[]) => ({ values: [...values], labels: [...values] });

const SEVERITY = range(1, SEVERITY_LABELS);
const TLP = range(0, TLP_LABELS);
const PAP = range(0, PAP_LABELS);

/** The models described, with their output schema and enumerated attributes. */
const MODELS: Record<
  string,
  { label: string; schema: TSchema; enums?: Record<string, { values: unknown[]; labels: string[] }> }
> = {
  case: {
    label: 'Case',
    schema: CaseOutputV1,
    enums: {
      severity: SEVERITY,
      tlp: TLP,
      pap: PAP,
      status: named(CASE_STATUSES),
      stage: named(CASE_STAGES),
      impactStatus: named(IMPACT_STATUSES),
    },
  },
  alert: {
    label: 'Alert',
    schema: AlertOutputV1,
    enums: { severity: SEVERITY, tlp: TLP, pap: PAP, status: named(ALERT_STATUSES) },
  },
  task: { label: 'Task', schema: TaskOutputV1, enums: { status: named(TASK_STATUSES) } },
  log: { label: 'Log', schema: LogOutputV1 },
  observable: { label: 'Observable', schema: ObservableOutputV1, enums: { tlp: TLP, pap: PAP } },
  caseTemplate: {
    label: 'CaseTemplate',
    schema: CaseTemplateOutputV1,
    enums: { severity: SEVERITY, tlp: TLP, pap: PAP },
  },
  customField: { label: 'CustomField', schema: CustomFieldOutputV1 },
  observableType: { label: 'ObservableType', schema: ObservableTypeOutputV1 },
  user: { label: 'User', schema: UserOutputV1, enums: { permissions: named(ALL_PERMISSIONS) } },
  organisation: { label: 'Organisation', schema: OrganisationOutputV1 },
  profile: { label: 'Profile', schema: ProfileOutputV1, enums: { permissions: named(ALL_PERMISSIONS) } },
  tag: { label: 'Tag', schema: TagOutput },
  audit: { label: 'Audit', schema: AuditOutputV1 },
  dashboard: { label: 'Dashboard', schema: DashboardOutputV1 },
  comment: { label: 'Comment', schema: CommentOutput },
  page: { label: 'Page', schema: PageOutput },
  pageTemplate: { label: 'PageTemplate', schema: PageTemplateOutput },
  procedure: { label: 'Procedure', schema: ProcedureOutput },
  pattern: { label: 'Pattern', schema: PatternOutput },
  caseStatus: { label: 'CaseStatus', schema: CustomStatusOutput },
  alertStatus: { label: 'AlertStatus', schema: CustomStatusOutput },
};

export const DESCRIBED_MODELS: readonly string[] = Object.keys(MODELS);

const DATE_NAME = /(^date$|Date$|^_createdAt$|^_updatedAt$)/;

/** The description type of one property schema, or undefined for structures (extraData, lists of objects). */
function typeOf(name: string, schema: Record<string, unknown>): string | undefined {
  const options = schema.anyOf as Array<Record<string, unknown>> | undefined;
  if (options) {
    const solid = options.filter((o) => o.type !== 'null');
    return solid.length === 1 ? typeOf(name, solid[0]!) : undefined;
  }
  switch (schema.type) {
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'integer':
    case 'number':
      return DATE_NAME.test(name) ? 'date' : 'number';
    case 'array': {
      const items = schema.items as Record<string, unknown> | undefined;
      return items?.type === 'string' ? (name === 'tags' ? 'tags' : 'string') : undefined;
    }
    default:
      return undefined;
  }
}

/** The attributes of an object schema, in its order. */
export function describeSchema(
  schema: TSchema,
  enums: Record<string, { values: unknown[]; labels: string[] }> = {},
): PropertyDescription[] {
  const s = schema as unknown as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  const required = new Set(s.required ?? []);
  const out: PropertyDescription[] = [];
  for (const [name, property] of Object.entries(s.properties ?? {})) {
    const type = typeOf(name, property);
    if (!type) continue;
    const e = enums[name];
    out.push({
      name,
      type: e ? 'enumeration' : type,
      values: e ? e.values : [],
      labels: e ? e.labels : [],
      required: required.has(name),
    });
  }
  return out;
}

export interface ModelDescription {
  label: string;
  initialQuery: string;
  attributes: PropertyDescription[];
}

/** The description of one model, or undefined when there is no such model. */
export function describeModel(model: string): ModelDescription | undefined {
  const m = Object.hasOwn(MODELS, model) ? MODELS[model] : undefined;
  if (!m) return undefined;
  const cap = model[0]!.toUpperCase() + model.slice(1);
  return { label: m.label, initialQuery: `list${cap}`, attributes: describeSchema(m.schema, m.enums) };
}

/** `GET /api/v1/permission`: a permission name and where it applies. */
export const PermissionOutput = Open({
  name: Type.String(),
  scope: Type.Array(Type.String(), {
    description: '`organisation` (profiles of organisations), `admin` (profiles of the admin organisation)',
  }),
  implies: Type.Optional(
    Type.Array(Type.String(), {
      description:
        'for a TheHive 4 name, the TheHive 5 names it grants too (`manageCase` → `manageCase/create`, ...)',
    }),
  ),
});
export type PermissionOutput = { name: string; scope: string[]; implies?: string[] };
