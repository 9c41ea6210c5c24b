/**
 * Observables of cases (v0 `case_artifact`, parent `case`) and of alerts.
 */
import { createHash } from 'node:crypto';
import type { Filter } from '@propolis/core';
import { column, metaFields, tlpV0 } from '../fields-common.js';
import { parentsBy } from '../navigation.js';
import type { EntityDef } from '../types.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

function byData(values: string[]): Filter {
  return {
    kind: 'and',
    filters: [
      { kind: 'in', field: '$dataKey', values: values.map(sha256) },
      { kind: 'in', field: '$data', values },
    ],
  };
}

export const observableEntity: EntityDef = {
  name: 'observable',
  v0Types: ['case_artifact', 'observable', 'alert_artifact'],
  v1Type: 'Observable',
  table: 'observable',
  scope: 'organisation',
  parents: { case: { entity: 'case', column: 'case_id' }, alert: { entity: 'alert', column: 'alert_id' } },
  navigation: parentsBy('case', 'alert'),
  defaultSort: [{ field: 'startDate', direction: 'desc' }],
  fulltext: { columns: ['data', 'message'], fields: { data: 'data', message: 'message' } },
  fields: {
    ...metaFields(),
    dataType: column('data_type', 'string'),
    data: {
      ...column('data', 'string', { nullable: true, text: true }),
      // `data = v` also means `data_key = sha256(v)` (data_key is the SHA-256 of the stored
      // canonical data): the same rows, found through the observable_value index
      rewrite: (f) => {
        if (f.kind === 'compare' && f.op === 'eq' && typeof f.value === 'string') return byData([f.value]);
        if (f.kind === 'in' && f.values.every((v) => typeof v === 'string'))
          return byData(f.values as string[]);
        return undefined;
      },
    },
    $data: column('data', 'string', { nullable: true }),
    $dataKey: column('data_key', 'string'),
    message: column('message', 'string', { nullable: true, text: true, noSort: true }),
    pap: column('pap', 'number'),
    tags: { kind: 'tags', entityType: 'observable' },
    ioc: column('ioc', 'boolean'),
    sighted: column('sighted', 'boolean'),
    sightedAt: column('sighted_at', 'date', { nullable: true }),
    ignoreSimilarity: column('ignore_similarity', 'boolean'),
    startDate: column('start_date', 'date'),
  },
  v1Fields: { tlp: column('tlp', 'number') },
  v0Fields: { tlp: tlpV0('tlp') },
};
