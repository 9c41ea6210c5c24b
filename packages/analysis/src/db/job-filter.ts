/**
 * Cortex's job search (`POST /api/job/_search` query DSL, parsed by core's v0 parser) compiled to a
 * WHERE clause on `analysis_job`. Job fields map to columns; ids are "~n". A parent filter on the
 * observable (`{_parent: {_type: "case_artifact", _query: {_id}}}`, TheHive's connector) becomes the
 * observable link.
 */
import { badRequest, type Filter } from '@propolis/core';
import { parseId } from '@propolis/server/extension';
import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { JobRow } from './jobs.js';
import type { AnalysisDatabase } from './schema.js';

type Eb = ExpressionBuilder<AnalysisDatabase, 'analysis_job'>;

export const JOB_COLUMNS: Record<string, keyof JobRow & string> = {
  status: 'status',
  type: 'type',
  dataType: 'data_type',
  data: 'data',
  tlp: 'tlp',
  pap: 'pap',
  message: 'message',
  label: 'label',
  cacheTag: 'cache_tag',
  errorMessage: 'error_message',
  createdAt: 'created_at',
  date: 'created_at',
  createdBy: 'created_by',
  updatedAt: 'updated_at',
  startDate: 'start_date',
  endDate: 'end_date',
  workerId: 'worker_id',
  analyzerId: 'worker_id',
  responderId: 'worker_id',
  workerName: 'worker_name',
  analyzerName: 'worker_name',
  responderName: 'worker_name',
  workerDefinitionId: 'worker_definition_id',
  analyzerDefinitionId: 'worker_definition_id',
  responderDefinitionId: 'worker_definition_id',
  analyzerDefinition: 'worker_definition_id',
  objectType: 'object_type',
};

export function jobColumn(field: string): keyof JobRow & string {
  const column = JOB_COLUMNS[field.replace(/^_/, '')];
  if (!column)
    throw badRequest(`Unknown job field "${field}": use one of ${Object.keys(JOB_COLUMNS).join(', ')}`);
  return column;
}

const likePattern = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

function ids(values: string[]): number[] {
  return values.map((v) => parseId(v) ?? (/^\d+$/.test(v) ? Number(v) : -1));
}

export function compileJobFilter(filter: Filter): (eb: Eb) => Expression<SqlBool> {
  return (eb) => build(eb, filter);
}

function build(eb: Eb, f: Filter): Expression<SqlBool> {
  switch (f.kind) {
    case 'any':
      return eb.lit(true);
    case 'and':
      return f.filters.length === 0 ? eb.lit(true) : eb.and(f.filters.map((x) => build(eb, x)));
    case 'or':
      return f.filters.length === 0 ? eb.lit(false) : eb.or(f.filters.map((x) => build(eb, x)));
    case 'not':
      return eb.not(build(eb, f.filter));
    case 'id':
      return eb('id', 'in', ids(f.ids).concat(-1));
    case 'compare': {
      if (f.field === '_id' || f.field === 'id') return eb('id', 'in', ids([String(f.value)]));
      const column = jobColumn(f.field);
      if (f.value === null) return f.op === 'eq' ? eb(column, 'is', null) : eb(column, 'is not', null);
      const op = { eq: '=', ne: '!=', lt: '<', gt: '>', lte: '<=', gte: '>=' }[f.op] as '=';
      return eb(column, op, f.value as never);
    }
    case 'between': {
      const column = jobColumn(f.field);
      return eb.and([eb(column, '>=', f.from as never), eb(column, '<', f.to as never)]);
    }
    case 'in':
      if (f.field === '_id' || f.field === 'id') return eb('id', 'in', ids(f.values.map(String)).concat(-1));
      return f.values.length === 0 ? eb.lit(false) : eb(jobColumn(f.field), 'in', f.values as never[]);
    case 'has':
      return eb(jobColumn(f.field), 'is not', null);
    case 'text': {
      const v = likePattern(f.value);
      const pattern = f.op === 'startsWith' ? `${v}%` : f.op === 'endsWith' ? `%${v}` : `%${v}%`;
      return eb(jobColumn(f.field), 'like', pattern);
    }
    case 'wildcard':
      return eb(jobColumn(f.field), 'like', f.pattern.split('*').map(likePattern).join('%'));
    case 'parent': {
      if (f.type === 'case_artifact' || f.type === 'observable') {
        const inner = f.filter;
        if (inner.kind === 'id') return eb('observable_id', 'in', ids(inner.ids).concat(-1));
        if (inner.kind === 'compare' && (inner.field === '_id' || inner.field === 'id'))
          return eb('observable_id', 'in', ids([String(inner.value)]).concat(-1));
      }
      throw badRequest(
        'Job search: only a parent observable by id is supported ({"_parent": {"_type": "case_artifact", "_query": {"_id": "~n"}}})',
      );
    }
    default:
      throw badRequest(`Job search: the ${f.kind} operator is not supported on jobs`);
  }
}
