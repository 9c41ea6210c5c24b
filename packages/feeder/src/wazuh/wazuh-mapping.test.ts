import { describe, expect, it } from 'vitest';
import { mapWazuhRecords } from './wazuh-mapping.js';

const alert = {
  timestamp: '2026-12-05T08:00:00.000+0000',
  id: '1764921600.12345',
  rule: {
    id: '5712',
    level: 10,
    description: 'sshd: brute force trying to get access',
    groups: ['sshd', 'authentication_failures'],
    mitre: { id: ['T1110'] },
  },
  agent: { id: '003', name: 'web-01', ip: '192.0.2.10' },
  manager: { name: 'wazuh-manager' },
  location: '/var/log/auth.log',
  data: { srcip: '198.51.100.77', srcuser: 'root' },
  full_log: 'Dec  5 08:00:00 web-01 sshd[1]: Failed password for root from 198.51.100.77 port 2222 ssh2',
};

describe('mapWazuhRecords', () => {
  it('maps an alert with its severity band, tags and observables', () => {
    const { drafts, failures } = mapWazuhRecords([{ ref: '1:0', value: alert }], { tags: ['siem'] }, 0);
    expect(failures).toEqual([]);
    expect(drafts).toHaveLength(1);
    const d = drafts[0]!;
    expect(d).toMatchObject({
      type: 'wazuh_alert',
      source: 'wazuh',
      sourceRef: alert.id,
      title: alert.rule.description,
      severity: 2,
    });
    expect(d.tags).toEqual(['siem', 'wazuh', 'rule=5712', 'agent_name=web-01', 'mitre:T1110']);
    expect(d.observables.map((o) => `${o.dataType}:${o.data}`).sort()).toEqual([
      'ip:192.0.2.10',
      'ip:198.51.100.77',
      'other:root',
    ]);
    expect(d.description).toContain('| **Agent** | web-01 (003, 192.0.2.10) |');
  });

  it('skips alerts under the level threshold and reports those without id', () => {
    const low = { ...alert, rule: { ...alert.rule, level: 3 } };
    const noId = { ...alert, id: undefined };
    const { drafts, failures } = mapWazuhRecords(
      [
        { ref: '1:0', value: low },
        { ref: '1:100', value: noId },
      ],
      {},
      5,
    );
    expect(drafts).toEqual([]);
    expect(failures).toEqual([{ ref: 'line at 1:100', reason: 'a Wazuh alert without id' }]);
  });
});
