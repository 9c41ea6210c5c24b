/** One observable: where it is (its case or alert), the same value elsewhere, sighting and IOC flags. */
import { type Alert, api, type Case, type Observable } from './calls';
import { client } from './http';

export type ObservableDetail = Observable & { extraData?: { seen?: { seen?: number; ioc?: boolean } } };
const rows = <T>(steps: { _name: string; [k: string]: unknown }[]) => api.query<T>(steps).then((r) => r.rows);

export const observable = {
  get: (id: string) => client.observable.get(id) as Promise<ObservableDetail>,
  update: (id: string, body: { sighted?: boolean; ioc?: boolean }) => client.observable.update(id, body),
  caseOf: (id: string) => rows<Case>([{ _name: 'getObservable', idOrName: id }, { _name: 'case' }]),
  alertOf: (id: string) => rows<Alert>([{ _name: 'getObservable', idOrName: id }, { _name: 'alert' }]),
  /** Cases and alerts of the organisation holding the same type and value. */
  similarCases: (id: string) =>
    rows<Case>([{ _name: 'getObservable', idOrName: id }, { _name: 'similar' }, { _name: 'case' }]),
  /** `similar` reaches other cases only: the alerts are those of the observables with this type and value. */
  similarAlerts: async (o: Pick<Observable, '_id' | 'dataType' | 'data'>) => {
    if (o.data === undefined) return [];
    const own = new Set((await observable.alertOf(o._id)).map((a) => a._id));
    const alerts = await rows<Alert>([
      { _name: 'listObservable' },
      {
        _name: 'filter',
        _and: [
          { _eq: { _field: 'dataType', _value: o.dataType } },
          { _eq: { _field: 'data', _value: o.data } },
        ],
      },
      { _name: 'alert' },
      { _name: 'page', from: 0, to: 50 },
    ]);
    return alerts.filter((a) => !own.has(a._id));
  },
};
