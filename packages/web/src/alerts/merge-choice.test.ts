import { describe, expect, it } from 'vitest';
import { chosenPerAlert, type MergeObservable, observableKey, unionOfObservables } from './merge-choice';

const o = (id: string, dataType: string, data: string, ioc = false): MergeObservable => ({
  _id: id,
  dataType,
  data,
  ioc,
});
const file = (id: string, name: string, hash: string): MergeObservable => ({
  _id: id,
  dataType: 'file',
  ioc: false,
  attachment: { name, hashes: [hash] },
});

describe('choosing the observables of a bulk merge', () => {
  const perAlert = new Map<string, MergeObservable[]>([
    [
      '~1',
      [o('~11', 'ip', '192.0.2.1'), o('~12', 'domain', 'bad.example', true), file('~13', 'a.exe', 'ff')],
    ],
    [
      '~2',
      [o('~21', 'ip', '192.0.2.1', true), o('~22', 'ip', '192.0.2.2'), file('~23', 'renamed.exe', 'ff')],
    ],
    ['~3', []],
  ]);

  it('lists the union once per type and value, with how many alerts hold it and IOC if any does', () => {
    expect(unionOfObservables(perAlert)).toEqual([
      {
        key: observableKey(o('', 'domain', 'bad.example')),
        dataType: 'domain',
        value: 'bad.example',
        ioc: true,
        alerts: 1,
      },
      // the same content under two names is one file
      { key: 'file\u0000file:ff', dataType: 'file', value: 'a.exe', ioc: false, alerts: 2 },
      { key: 'ip\u0000192.0.2.1', dataType: 'ip', value: '192.0.2.1', ioc: true, alerts: 2 },
      { key: 'ip\u0000192.0.2.2', dataType: 'ip', value: '192.0.2.2', ioc: false, alerts: 1 },
    ]);
    // the same type and value twice in one alert counts that alert once
    const twice = new Map([['~9', [o('~91', 'ip', '192.0.2.9'), o('~92', 'ip', '192.0.2.9')]]]);
    expect(unionOfObservables(twice)).toMatchObject([{ value: '192.0.2.9', alerts: 1 }]);
  });

  it('sends nothing when all are chosen, else per alert the ids of its chosen observables', () => {
    expect(chosenPerAlert(perAlert, new Set())).toBeUndefined();
    const chosen = chosenPerAlert(perAlert, new Set(['ip\u0000192.0.2.1', 'file\u0000file:ff']));
    expect(chosen).toEqual(
      new Map([
        ['~1', ['~12']],
        ['~2', ['~22']],
        ['~3', []],
      ]),
    );
    // none chosen: every alert brings none
    const none = chosenPerAlert(perAlert, new Set(unionOfObservables(perAlert).map((l) => l.key)));
    expect([...none!.values()]).toEqual([[], [], []]);
  });
});
