/** Global search: cases, alerts and observables whose text contains the words (v1 `_like`). */
import { type Alert, api, type Case, type Observable, type QueryStep } from './calls';

const LIMIT = 20;

function contains(fields: string[], text: string) {
  const value = `*${text}*`;
  return { _or: fields.map((f) => ({ _like: { _field: f, _value: value } })) };
}

function find<T>(list: string, fields: string[], text: string, sort: string) {
  const steps: QueryStep[] = [
    { _name: list },
    { _name: 'filter', ...contains(fields, text) },
    { _name: 'sort', _fields: [{ [sort]: 'desc' }] },
    { _name: 'page', from: 0, to: LIMIT, extraData: ['total'] },
  ];
  return api.query<T>(steps);
}

export const search = {
  LIMIT,
  cases: (text: string) => find<Case>('listCase', ['title', 'description'], text, '_createdAt'),
  alerts: (text: string) => find<Alert>('listAlert', ['title', 'sourceRef', 'source'], text, 'date'),
  observables: (text: string) => find<Observable>('listObservable', ['data'], text, '_createdAt'),
};
