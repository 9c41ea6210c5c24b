/**
 * The models' attribute metadata (`GET /api/v1/describe/_all`, `/describe/{model}`): the core's
 * descriptions (read from the output schemas), with the platform's custom fields added to the
 * models that carry them (`customFields.<name>`, typed, their options as enumeration values).
 */
import { DESCRIBED_MODELS, describeModel, type ModelDescription, notFound } from '@propolis/core';
import { listCustomFields } from '../../db/repositories/custom-fields.js';
import type { RequestContext } from '../context.js';
import { toDefinition } from '../custom-fields/definition.js';
import type { Deps } from '../deps.js';

const WITH_CUSTOM_FIELDS = new Set(['case', 'alert', 'caseTemplate']);
const CUSTOM_TYPES: Record<string, string> = {
  integer: 'number',
  float: 'number',
  date: 'date',
  boolean: 'boolean',
};

async function customFieldAttributes(deps: Pick<Deps, 'db'>): Promise<ModelDescription['attributes']> {
  return (await listCustomFields(deps.db)).map(toDefinition).map((f) => ({
    name: `customFields.${f.name}`,
    type: f.options.length > 0 ? 'enumeration' : (CUSTOM_TYPES[f.type] ?? 'string'),
    values: f.options,
    labels: f.options.map(String),
    required: f.mandatory,
  }));
}

export async function describeAll(
  deps: Pick<Deps, 'db'>,
  _ctx: RequestContext,
): Promise<Record<string, ModelDescription>> {
  const custom = await customFieldAttributes(deps);
  const out: Record<string, ModelDescription> = {};
  for (const model of DESCRIBED_MODELS) {
    const d = describeModel(model)!;
    out[model] = WITH_CUSTOM_FIELDS.has(model) ? { ...d, attributes: [...d.attributes, ...custom] } : d;
  }
  return out;
}

export async function describeOne(
  deps: Pick<Deps, 'db'>,
  _ctx: RequestContext,
  model: string,
): Promise<ModelDescription> {
  const d = describeModel(model);
  if (!d) throw notFound(`Model "${model}" is not described; known: ${DESCRIBED_MODELS.join(', ')}`);
  if (!WITH_CUSTOM_FIELDS.has(model)) return d;
  return { ...d, attributes: [...d.attributes, ...(await customFieldAttributes(deps))] };
}
