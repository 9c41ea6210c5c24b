/** A queued delivery's payload read back (the delivery log shows it): an event, or nothing. */
import { describe, expect, it } from 'vitest';
import { parseNotifyEvent } from './payloads.js';

const event = {
  audit: {
    id: 7,
    action: 'create',
    objectType: 'Case',
    objectId: '~1',
    rootId: '~1',
    requestId: 'r1',
    details: {},
    mainAction: true,
    createdBy: 'a@x',
    createdAt: 1,
  },
  organisation: 'cert',
  organisationId: '~2',
  notification: { id: '~3', name: 'n', trigger: 'AnyEvent' },
};

describe('a queued payload read back', () => {
  it('is the event it was written as', () => {
    expect(parseNotifyEvent(JSON.stringify(event))).toEqual(event);
  });

  it('is nothing when it is not JSON or not an event', () => {
    for (const text of ['{', 'null', '[]', '"x"', '{}', JSON.stringify({ ...event, audit: 'x' })])
      expect(parseNotifyEvent(text)).toBeUndefined();
    expect(parseNotifyEvent(JSON.stringify({ ...event, organisation: 3 }))).toBeUndefined();
  });
});
