/**
 * The collaboration namespaces against a real server: comments on cases and alerts, case pages,
 * the knowledge base and page templates, the timeline with custom events, links between cases and
 * to URLs, and an alert taken off its case.
 */
import { describe, expect, it } from 'vitest';
import { F } from '../filter.js';
import { desc } from '../query.js';
import { failure, useClients } from '../test-support/clients.js';

describe('client.comment, client.page, client.pageTemplate, client.timeline, client.caseLink', () => {
  const c = useClients();

  it('comments on a case and an alert, edits and deletes', async () => {
    const kase = await c.analyst.case.create({ title: 'commented', description: 'd' });
    const first = await c.analyst.comment.addToCase(kase._id, 'first **note**');
    expect(first).toMatchObject({ message: 'first **note**', isEdited: false, createdBy: 'ana@soc.test' });
    await c.analyst.comment.addToCase(kase.number, 'second');
    await c.analyst.comment.update(first._id, 'first, edited');
    const listed = await c.analyst.comment.ofCase(kase._id, { sort: desc('_createdAt') });
    expect(listed.map((m) => m.message).sort()).toEqual(['first, edited', 'second']);
    expect(listed.find((m) => m._id === first._id)?.isEdited).toBe(true);
    expect((await c.analyst.comment.ofCase(kase._id, { filter: F.eq('message', 'second') })).length).toBe(1);
    await c.analyst.comment.delete(first._id);
    expect((await c.analyst.comment.ofCase(kase._id)).map((m) => m.message)).toEqual(['second']);
    expect((await failure(c.analyst.comment.update(first._id, 'gone'))).status).toBe(404);

    const alert = await c.analyst.alert.create({ type: 't', source: 's', sourceRef: 'C-1', title: 'a' });
    await c.analyst.comment.addToAlert(alert._id, 'on the alert');
    expect((await c.analyst.comment.ofAlert(alert._id)).map((m) => m.message)).toEqual(['on the alert']);
    expect((await c.analyst.comment.find()).map((m) => m.message).sort()).toEqual(['on the alert', 'second']);
    expect((await failure(c.analyst.comment.addToCase(kase._id, ''))).status).toBe(400);
  });

  it('writes case pages, the knowledge base and page templates', async () => {
    const kase = await c.analyst.case.create({ title: 'paged', description: 'd' });
    const page = await c.analyst.page.addToCase(kase._id, {
      title: 'Notes',
      content: '# hi',
      category: 'work',
    });
    expect(page).toMatchObject({ title: 'Notes', content: '# hi', category: 'work' });
    await c.analyst.page.updateInCase(kase._id, page._id, { content: '# updated' });
    expect((await c.analyst.page.getInCase(kase._id, page._id)).content).toBe('# updated');
    expect((await c.analyst.page.ofCase(kase._id)).map((p) => p.title)).toEqual(['Notes']);
    await c.analyst.page.deleteInCase(kase._id, page._id);
    expect(await c.analyst.page.ofCase(kase._id)).toEqual([]);

    const kb = await c.analyst.page.create({ title: 'Runbook', content: 'steps', category: 'kb' });
    await c.analyst.page.update(kb._id, { title: 'Runbook v2' });
    expect((await c.analyst.page.get(kb._id)).title).toBe('Runbook v2');
    expect((await c.analyst.page.list()).map((p) => p.title)).toEqual(['Runbook v2']);
    await c.analyst.page.delete(kb._id);
    expect((await failure(c.analyst.page.get(kb._id))).status).toBe(404);

    const template = await c.analyst.pageTemplate.create({
      title: 'Triage',
      content: '- [ ] scope',
      category: 'ir',
    });
    await c.analyst.pageTemplate.update(template._id, { content: '- [ ] scope\n- [ ] contain' });
    expect((await c.analyst.pageTemplate.get(template._id)).content).toContain('contain');
    expect((await c.analyst.pageTemplate.list()).map((p) => p.title)).toEqual(['Triage']);
    await c.analyst.caseTemplate.create({ name: 'with-pages', description: 'x' } as never);
    await c.analyst.pageTemplate.link('with-pages', [template._id]);
    const fromTemplate = await c.analyst.case.create({
      title: 'templated',
      description: 'd',
      caseTemplate: 'with-pages',
    });
    expect((await c.analyst.page.ofCase(fromTemplate._id)).map((p) => p.title)).toEqual(['Triage']);
    await c.analyst.pageTemplate.delete(template._id);
    expect(await c.analyst.pageTemplate.list()).toEqual([]);
  });

  it('reads the timeline and manages custom events', async () => {
    const kase = await c.analyst.case.create({ title: 'timed', description: 'd' });
    const at = Date.UTC(2026, 0, 2, 3, 4, 5);
    const event = await c.analyst.timeline.addEvent(kase._id, { date: at, title: 'Phishing mail received' });
    expect(event).toMatchObject({ date: at, title: 'Phishing mail received' });
    await c.analyst.timeline.updateEvent(event._id, { description: 'from the CFO' });
    const timeline = await c.analyst.timeline.get(kase._id);
    const custom = timeline.events.find((e) => e.entityId === event._id);
    expect(custom).toMatchObject({ date: at });
    expect(timeline.events.length).toBeGreaterThan(1);
    await c.analyst.timeline.deleteEvent(event._id);
    expect((await c.analyst.timeline.get(kase._id)).events.some((e) => e.entityId === event._id)).toBe(false);
  });

  it('links cases to cases and URLs, and takes an alert off its case', async () => {
    const a = await c.analyst.case.create({ title: 'link a', description: 'd' });
    const b = await c.analyst.case.create({ title: 'link b', description: 'd' });
    await c.analyst.caseLink.addCase(a._id, { type: 'Same campaign', caseId: b._id });
    expect(await c.analyst.caseLink.types()).toContain('Same campaign');
    expect(await c.analyst.case.links(b._id)).toMatchObject([{ _id: a._id, linkType: 'Same campaign' }]);
    await c.analyst.caseLink.addExternal(a._id, { type: 'Ticket', url: 'https://tickets.example/1' });
    const linksOf = async () => {
      const [row] = await c.analyst.query<Array<{ extraData: { links: unknown } }>>([
        { _name: 'getCase', idOrName: a._id },
        { _name: 'page', from: 0, to: 1, extraData: ['links'] },
      ]);
      return row?.extraData.links;
    };
    expect(await linksOf()).toMatchObject({
      cases: [{ caseId: b._id, type: 'Same campaign' }],
      external: [{ type: 'Ticket', url: 'https://tickets.example/1', _createdBy: 'ana@soc.test' }],
    });
    await c.analyst.caseLink.removeExternal(a._id, { type: 'Ticket', url: 'https://tickets.example/1' });
    await c.analyst.caseLink.removeCase(a._id, { type: 'Same campaign', caseId: b._id });
    expect(await linksOf()).toMatchObject({ cases: [], external: [] });
    expect(await c.analyst.case.links(b._id)).toEqual([]);

    const alert = await c.analyst.alert.create({ type: 't', source: 's', sourceRef: 'L-1', title: 'x' });
    await c.analyst.alert.mergeIntoCase(alert._id, a._id);
    expect((await c.analyst.case.alerts(a._id)).map((x) => x._id)).toEqual([alert._id]);
    await c.analyst.caseLink.removeAlert(a._id, alert._id);
    expect(await c.analyst.case.alerts(a._id)).toEqual([]);
  });
});
