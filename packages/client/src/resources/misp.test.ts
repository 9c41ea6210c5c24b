/**
 * client.misp against a real server configured with a MISP server that does not answer (no MISP
 * runs here; the connector itself is tested against a fake MISP in the server's tests): its status
 * says so, a sync is for administrators, and exports to an unknown or unreachable MISP are typed errors.
 */
import { describe, expect, it } from 'vitest';
import { failure, useClients } from '../test-support/clients.js';

describe('client.misp', () => {
  const c = useClients({
    misp: {
      timeoutSeconds: 1,
      servers: [
        { name: 'down', url: 'http://127.0.0.1:9', key: 'misp-key-0123456789', purpose: 'ExportOnly' },
      ],
    },
  } as never);

  it('reports the MISP servers, syncs for administrators, and types export failures', async () => {
    const status = await c.analyst.misp.status();
    expect(status.servers.map((s) => [s.name, s.status])).toEqual([['down', 'ERROR']]);
    expect(status.status).toEqual({ down: 'ERROR' });
    expect(JSON.stringify(status)).not.toContain('misp-key-0123456789');
    expect((await failure(c.analyst.misp.syncAlerts())).status).toBe(403);
    await c.admin.misp.syncAlerts();
    const kase = await c.analyst.case.create({ title: 'to MISP', description: 'd' });
    expect((await failure(c.analyst.misp.exportCase(kase._id, 'nope'))).status).toBe(404);
    expect((await failure(c.analyst.misp.exportCase(kase._id, 'down'))).status).toBe(502);
  });
});
