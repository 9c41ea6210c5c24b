/**
 * `propolis migrate-from-thehive --url <thehive> --key <key>`: copies a running TheHive 4 or 5 (or
 * another Propolis) into a running Propolis through both APIs: organisations, profiles, users (never
 * passwords: they log in after an administrator sets one), custom fields, observable types, case
 * templates, the ATT&CK patterns the target lacks, then per organisation the cases with tasks, logs,
 * observables, files and TTPs (procedures), the alerts with observables and TTPs, each alert that
 * was imported into a case linked to the copy of that case (imported into it, so it is not merged
 * twice: observables and TTPs the case already has are not duplicated), and the dashboards the
 * source key's user sees (shared ones, and its own). v1 is read first; v0 routes are the fallback
 * where TheHive 4 lacks a v1 one.
 *
 * Idempotent and resumable: global objects are matched by name (login, organisation, profile, …);
 * cases, tasks, logs, observables and alerts through the state file (support/migration-state.ts),
 * so a second run copies only what is new or changed in the source. Deletions in the source are
 * not propagated. Cases and alerts are written in each organisation by a service account
 * (`thehive-migration@propolis.local`, org-admin there) that the command creates on the target.
 *
 * The source key's user must belong to every organisation whose cases and alerts are to be copied
 * (TheHive shows an organisation's cases only to its members); organisations it cannot read are
 * reported as skipped.
 */
import type {
  InputCase,
  InputUpdateAlert,
  InputUpdateCase,
  InputUpdateObservable,
  InputUpdateTask,
  InputUser,
  PropolisClient,
} from '@propolis/client';
import type { DashboardBody, ProcedureBody } from '@propolis/core';
import type { Command } from 'commander';
import { attackBundle } from '../support/attack-bundle.js';
import {
  type AlertTree,
  alertBody,
  caseCreateBody,
  caseTemplateBody,
  closeLike,
  createLog,
  createObservable,
  createTask,
  type Json,
  logFiles,
  observableFile,
  observableUpdateBody,
  query,
  queryAll,
  taskBody,
} from '../support/entity-tree.js';
import { CommandError, messageOf, UsageError } from '../support/errors.js';
import { type Kind, MigrationState, versionOf } from '../support/migration-state.js';
import { report } from '../support/output.js';
import { startProgress } from '../support/progress.js';
import { PropolisApiError, Remote } from '../support/remote.js';

const MIGRATION_LOGIN = 'thehive-migration@propolis.local';
const SYSTEM_LOGINS = new Set(['system@thehive.local']);
const ADMIN_ORG = 'admin';

interface Options {
  url?: string;
  key?: string;
  targetUrl?: string;
  targetKey?: string;
  targetProfile?: string;
  state: string;
  json?: boolean;
}

interface Tally {
  created: number;
  updated: number;
  unchanged: number;
  skipped: number;
}

class Report {
  readonly counts: Record<string, Tally> = {};
  readonly skipped: Array<{ what: string; why: string }> = [];
  /** What the source does not have (not a failure): e.g. a TheHive 4 without TTPs on alerts. */
  readonly notes: string[] = [];

  count(kind: string, outcome: keyof Tally, n = 1) {
    this.counts[kind] ??= { created: 0, updated: 0, unchanged: 0, skipped: 0 };
    this.counts[kind][outcome] += n;
  }

  skip(kind: string, what: string, why: string) {
    this.count(kind, 'skipped');
    if (this.skipped.length < 500) this.skipped.push({ what, why });
  }
}

const isConflict = (e: unknown) => e instanceof PropolisApiError && e.type === 'ConflictError';
const isNotFound = (e: unknown) =>
  e instanceof PropolisApiError && (e.status === 404 || e.type === 'NotFoundError');

/** The first of several ways of listing something that the server answers (v1 GET, v1 query, v0 GET). */
async function listFirst(ways: Array<() => Promise<Json[]>>): Promise<Json[]> {
  let last: unknown;
  for (const way of ways) {
    try {
      return await way();
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

const get = (remote: Remote, path: string) => () => remote.json<Json[]>('GET', path);
const q = (remote: Remote, name: string) => () => queryAll(remote, [{ _name: name }]);

class Migration {
  readonly report = new Report();
  private writer!: Remote;

  constructor(
    private readonly source: Remote,
    private readonly target: Remote,
    private readonly state: MigrationState,
    private readonly options: Options,
  ) {}

  async run() {
    const version = await this.source
      .json<Json>('GET', '/api/v1/status')
      .catch(() => this.source.json<Json>('GET', '/api/status'))
      .catch(() => ({}));
    const organisations = await this.organisations();
    await this.profiles();
    await this.customFields();
    await this.observableTypes();
    await this.users();
    await this.patterns();
    await this.migrationAccount(organisations);
    for (const org of organisations) {
      const source = this.source.inOrganisation(org);
      const writer = this.writer.inOrganisation(org);
      try {
        await query(source, [{ _name: 'listCase' }, { _name: 'page', from: 0, to: 1 }]);
      } catch (error) {
        this.report.skip('organisation', org, `the source key cannot read its cases (${messageOf(error)})`);
        continue;
      }
      await this.caseTemplates(source, writer, org);
      await this.cases(source, writer, org);
      await this.alerts(source, writer, org);
      await this.dashboards(source, writer, org);
    }
    const versions = (version as { versions?: Json }).versions;
    return {
      source: this.source.url,
      sourceVersion: versions?.TheHive ?? versions?.Propolis,
      counts: this.report.counts,
      skipped: this.report.skipped,
      notes: this.report.notes,
      state: this.state.file,
    };
  }

  private async organisations(): Promise<string[]> {
    const list = await listFirst([q(this.source, 'listOrganisation'), get(this.source, '/api/organisation')]);
    const existing = new Set(
      (await queryAll(this.target, [{ _name: 'listOrganisation' }])).map((o) => String(o.name)),
    );
    const names: string[] = [];
    for (const o of list) {
      const name = String(o.name);
      if (name === ADMIN_ORG) continue;
      names.push(name);
      if (existing.has(name)) this.report.count('organisation', 'unchanged');
      else {
        await this.target.client.organisation.create({
          name,
          description: String(o.description ?? name),
        });
        this.report.count('organisation', 'created');
      }
    }
    return names;
  }

  private async profiles() {
    const list = await listFirst([get(this.source, '/api/v1/profile'), q(this.source, 'listProfile')]);
    const existing = new Map(
      (await queryAll(this.target, [{ _name: 'listProfile' }])).map((p) => [String(p.name), p] as const),
    );
    for (const p of list) {
      const name = String(p.name);
      const permissions = ((p.permissions as string[] | undefined) ?? []).slice().sort();
      const there = existing.get(name);
      if (!there) {
        try {
          await this.target.client.profile.create({ name, permissions });
          this.report.count('profile', 'created');
        } catch (error) {
          this.report.skip('profile', name, messageOf(error));
        }
      } else if (
        there.editable !== false &&
        JSON.stringify(((there.permissions as string[] | undefined) ?? []).slice().sort()) !==
          JSON.stringify(permissions)
      ) {
        await this.target.client.profile.update(name, { permissions });
        this.report.count('profile', 'updated');
      } else this.report.count('profile', 'unchanged');
    }
  }

  private async customFields() {
    const list = await listFirst([
      get(this.source, '/api/v1/customField'),
      q(this.source, 'listCustomField'),
      get(this.source, '/api/customField'),
    ]);
    const existing = new Set((await this.target.client.customField.list()).map((f) => String(f.name)));
    for (const f of list) {
      const name = String(f.name ?? f.reference);
      if (existing.has(name)) {
        this.report.count('customField', 'unchanged');
        continue;
      }
      const body: Json = {
        name,
        type: String(f.type),
        displayName: f.displayName ?? f.name,
        description: f.description ?? '',
      };
      if (Array.isArray(f.options) && f.options.length) body.options = f.options;
      if (typeof f.mandatory === 'boolean') body.mandatory = f.mandatory;
      try {
        await this.target.client.customField.create(
          body as Parameters<PropolisClient['customField']['create']>[0],
        );
        this.report.count('customField', 'created');
      } catch (error) {
        this.report.skip('customField', name, messageOf(error));
      }
    }
  }

  private async observableTypes() {
    const list = await listFirst([
      get(this.source, '/api/v1/observable/type'),
      q(this.source, 'listObservableType'),
      get(this.source, '/api/observable/type'),
    ]);
    const existing = new Set((await this.target.client.observableType.list()).map((t) => String(t.name)));
    for (const t of list) {
      const name = String(t.name);
      if (existing.has(name)) this.report.count('observableType', 'unchanged');
      else {
        await this.target.client.observableType.create({
          name,
          isAttachment: t.isAttachment === true,
        });
        this.report.count('observableType', 'created');
      }
    }
  }

  private async users() {
    const list = await listFirst([q(this.source, 'listUser'), get(this.source, '/api/user')]);
    const existing = new Map(
      (await queryAll(this.target, [{ _name: 'listUser' }])).map((u) => [String(u.login), u] as const),
    );
    for (const u of list) {
      const login = String(u.login);
      if (SYSTEM_LOGINS.has(login) || login === MIGRATION_LOGIN) continue;
      const memberships = (
        (u.organisations as Array<{ organisation: string; profile: string }> | undefined) ?? [
          { organisation: String(u.organisation), profile: String(u.profile) },
        ]
      ).map((m) => ({ organisation: m.organisation, profile: m.profile }));
      const there = existing.get(login);
      try {
        if (!there) {
          const [first, ...more] = memberships;
          if (!first) {
            this.report.skip('user', login, 'member of no organisation');
            continue;
          }
          const body: Json = {
            login,
            name: String(u.name ?? login),
            profile: first.profile,
            organisation: first.organisation,
          };
          if (u.email) body.email = u.email;
          if (u.type === 'Service') body.type = 'Service';
          await this.target.client.user.create(body as unknown as InputUser);
          if (more.length) await this.putMemberships(login, memberships);
          this.report.count('user', 'created');
        } else {
          const have = new Set(
            ((there.organisations as Array<{ organisation: string; profile: string }> | undefined) ?? []).map(
              (m) => `${m.organisation}\0${m.profile}`,
            ),
          );
          if (memberships.every((m) => have.has(`${m.organisation}\0${m.profile}`)))
            this.report.count('user', 'unchanged');
          else {
            const merged = new Map(
              ((there.organisations as Array<{ organisation: string; profile: string }>) ?? []).map((m) => [
                m.organisation,
                m.profile,
              ]),
            );
            for (const m of memberships) merged.set(m.organisation, m.profile);
            await this.putMemberships(
              login,
              [...merged].map(([organisation, profile]) => ({ organisation, profile })),
            );
            this.report.count('user', 'updated');
          }
        }
      } catch (error) {
        this.report.skip('user', login, messageOf(error));
      }
    }
  }

  private putMemberships(login: string, organisations: Array<{ organisation: string; profile: string }>) {
    return this.target.client.user.setOrganisations(login, organisations);
  }

  /**
   * The ATT&CK techniques of the source's catalog that the target lacks, imported as one STIX bundle
   * per 200 (an administrator's import: the target key's). Techniques the target has are left as
   * they are (its catalog may be newer).
   */
  private async patterns() {
    let list: Json[];
    try {
      list = await queryAll(this.source, [{ _name: 'listPattern' }]);
    } catch (error) {
      this.report.notes.push(`ATT&CK patterns: the source has no catalog to read (${messageOf(error)})`);
      return;
    }
    const existing = new Set(
      (await queryAll(this.target, [{ _name: 'listPattern' }])).map((p) => String(p.patternId)),
    );
    const missing = list.filter((p) => typeof p.patternId === 'string' && !existing.has(p.patternId));
    this.report.count('pattern', 'unchanged', list.length - missing.length);
    for (let i = 0; i < missing.length; i += 200) {
      const batch = missing.slice(i, i + 200);
      try {
        const done = await this.target.client.pattern.importAttack(attackBundle(batch));
        this.report.count('pattern', 'created', done.created);
        this.report.count('pattern', 'updated', done.updated);
      } catch (error) {
        for (const p of batch) this.report.skip('pattern', String(p.patternId), messageOf(error));
      }
    }
  }

  /** The service account that writes cases and alerts in every copied organisation, with a fresh key. */
  private async migrationAccount(organisations: string[]) {
    const exists = await this.target.client.user.get(MIGRATION_LOGIN).then(
      () => true,
      (e: unknown) => {
        if (isNotFound(e)) return false;
        throw e;
      },
    );
    if (organisations.length === 0) {
      this.writer = this.target;
      return;
    }
    if (!exists)
      await this.target.client.user.create({
        login: MIGRATION_LOGIN,
        name: 'TheHive migration (propolis migrate-from-thehive)',
        profile: 'org-admin',
        organisation: organisations[0],
        type: 'Service',
      });
    await this.putMemberships(
      MIGRATION_LOGIN,
      organisations.map((organisation) => ({ organisation, profile: 'org-admin' })),
    );
    const key = await this.target.client.user.renewApiKey(MIGRATION_LOGIN);
    this.writer = new Remote(this.target.url, key);
  }

  private async caseTemplates(source: Remote, writer: Remote, org: string) {
    let list: Json[];
    try {
      list = await listFirst([get(source, '/api/v1/caseTemplate'), q(source, 'listCaseTemplate')]);
    } catch (error) {
      this.report.skip('caseTemplate', `templates of ${org}`, messageOf(error));
      return;
    }
    const existing = new Set((await writer.client.caseTemplate.list()).map((t) => String(t.name)));
    for (const t of list) {
      const name = String(t.name);
      if (existing.has(name)) {
        this.report.count('caseTemplate', 'unchanged');
        continue;
      }
      const body = caseTemplateBody(t);
      try {
        await writer.client.caseTemplate.create(
          body as Parameters<PropolisClient['caseTemplate']['create']>[0],
        );
        this.report.count('caseTemplate', 'created');
      } catch (error) {
        this.report.skip('caseTemplate', `${org}/${name}`, messageOf(error));
      }
    }
  }

  /** Creates or updates one object kind under the state's mapping; answers the target id. */
  private async sync(
    kind: Kind,
    o: Json,
    create: () => Promise<string>,
    update: (targetId: string) => Promise<void>,
  ): Promise<string> {
    const id = String(o._id);
    const mapped = this.state.get(kind, id);
    if (!mapped) {
      const target = await create();
      this.state.set(kind, id, target, versionOf(o));
      this.report.count(kind, 'created');
      return target;
    }
    if (mapped.version !== versionOf(o)) {
      await update(mapped.target);
      this.state.set(kind, id, mapped.target, versionOf(o));
      this.report.count(kind, 'updated');
    } else this.report.count(kind, 'unchanged');
    return mapped.target;
  }

  /** The observables of a case or an alert (`from`), in creation order, under `parent` in Propolis. */
  private async observables(
    source: Remote,
    writer: Remote,
    from: { _name: 'getCase' | 'getAlert'; idOrName: string },
    parent: { case: string } | { alert: string },
  ) {
    const observables = await queryAll(source, [
      from,
      { _name: 'observables' },
      { _name: 'sort', _fields: [{ _createdAt: 'asc' }] },
    ]);
    for (const o of observables)
      await this.sync(
        'observable',
        o,
        async () => createObservable(writer, parent, { source: o, file: await observableFile(source, o) }),
        (target) => writer.client.observable.update(target, observableUpdateBody(o) as InputUpdateObservable),
      );
  }

  /**
   * The TTPs (procedures) of a case or an alert. A TheHive 4 has them on cases only: an alert's that
   * cannot be read are noted, not failed.
   */
  private async procedures(
    source: Remote,
    writer: Remote,
    from: { _name: 'getCase' | 'getAlert'; idOrName: string },
    parent: { case: string } | { alert: string },
  ) {
    let list: Json[];
    try {
      list = await queryAll(source, [
        from,
        { _name: 'procedures' },
        { _name: 'sort', _fields: [{ _createdAt: 'asc' }] },
      ]);
    } catch (error) {
      if ('case' in parent) throw error;
      if (!this.alertProceduresNoted)
        this.report.notes.push(`TTPs of alerts: the source does not list them (${messageOf(error)})`);
      this.alertProceduresNoted = true;
      return;
    }
    for (const p of list) {
      const patternId = String(p.patternId ?? (p.extraData as Json | undefined)?.patternId ?? '');
      const body: ProcedureBody = { occurDate: Number(p.occurDate ?? p._createdAt), patternId };
      if (typeof p.tactic === 'string' && p.tactic) body.tactic = p.tactic;
      if (typeof p.description === 'string' && p.description) body.description = p.description;
      try {
        await this.sync(
          'procedure',
          p,
          async () => {
            const created =
              'case' in parent
                ? await writer.client.procedure.addToCase(parent.case, body)
                : await writer.client.procedure.addToAlert(parent.alert, body);
            return String(created._id);
          },
          (target) => writer.client.procedure.update(target, body),
        );
      } catch (error) {
        this.report.skip('procedure', `${patternId} of ${from.idOrName}`, messageOf(error));
      }
    }
  }

  private alertProceduresNoted = false;

  private async cases(source: Remote, writer: Remote, org: string) {
    const cases = await queryAll(source, [
      { _name: 'listCase' },
      { _name: 'sort', _fields: [{ _createdAt: 'asc' }] },
    ]);
    const progress = startProgress(`cases of ${org}`, cases.length, this.options);
    for (const c of cases) {
      try {
        let changed = false;
        const caseId = await this.sync(
          'case',
          c,
          async () => {
            changed = true;
            const created = await writer.client.case.create(caseCreateBody(c) as InputCase);
            // saved at once: a run cut short must not create this case a second time
            this.state.set('case', String(c._id), String(created._id), 0);
            await this.state.save();
            return String(created._id);
          },
          async (target) => {
            changed = true;
            const body: Json = {};
            for (const k of ['title', 'description', 'severity', 'tags', 'flag', 'tlp', 'pap'])
              if (c[k] !== undefined && c[k] !== null) body[k] = c[k];
            await writer.client.case.update(target, body as InputUpdateCase);
          },
        );
        const tasks = await queryAll(source, [
          { _name: 'getCase', idOrName: String(c._id) },
          { _name: 'tasks' },
          { _name: 'sort', _fields: [{ _createdAt: 'asc' }] },
        ]);
        for (const t of tasks) {
          const taskId = await this.sync(
            'task',
            t,
            () => createTask(writer, caseId, { source: t, logs: [] }),
            (target) => writer.client.task.update(target, taskBody(t) as InputUpdateTask),
          );
          const logs = await queryAll(source, [
            { _name: 'getTask', idOrName: String(t._id) },
            { _name: 'logs' },
            { _name: 'sort', _fields: [{ _createdAt: 'asc' }] },
          ]);
          for (const l of logs)
            await this.sync(
              'log',
              l,
              async () => createLog(writer, taskId, { source: l, files: await logFiles(source, l) }),
              (target) => writer.client.taskLog.update(target, { message: String(l.message) }),
            );
        }
        await this.observables(
          source,
          writer,
          { _name: 'getCase', idOrName: String(c._id) },
          { case: caseId },
        );
        await this.procedures(
          source,
          writer,
          { _name: 'getCase', idOrName: String(c._id) },
          { case: caseId },
        );
        // closing fields last: a closed case would refuse new tasks
        if (changed) await closeLike(writer, caseId, c);
        this.state.set('case', String(c._id), caseId, versionOf(c));
      } catch (error) {
        this.report.skip('case', `${org} #${String(c.number)}`, messageOf(error));
      }
      await this.state.save();
      progress.tick(1, `#${String(c.number)}`);
    }
    progress.stop();
  }

  private async alerts(source: Remote, writer: Remote, org: string) {
    const alerts = await queryAll(source, [
      { _name: 'listAlert' },
      { _name: 'sort', _fields: [{ _createdAt: 'asc' }] },
    ]);
    const progress = startProgress(`alerts of ${org}`, alerts.length, this.options);
    for (const a of alerts) {
      try {
        const alertId = await this.sync(
          'alert',
          a,
          async () => {
            const tree: AlertTree = { alert: a, observables: [] };
            try {
              const created = await writer.json<Json>('POST', '/api/v1/alert', {
                ...alertBody(tree.alert),
                observables: [],
              });
              return String(created._id);
            } catch (error) {
              if (!isConflict(error)) throw error;
              // already in Propolis (sent there directly, or a lost state file): adopt it
              const [found] = await query(writer, [
                { _name: 'listAlert' },
                {
                  _name: 'filter',
                  _and: [
                    { _field: 'type', _value: a.type },
                    { _field: 'source', _value: a.source },
                    { _field: 'sourceRef', _value: a.sourceRef },
                  ].map((f) => ({ _eq: f })),
                },
              ]);
              if (!found) throw error;
              return String(found._id);
            }
          },
          async (target) => {
            const body = alertBody(a);
            for (const k of ['type', 'source', 'sourceRef']) delete body[k];
            await writer.client.alert.update(target, body as InputUpdateAlert);
          },
        );
        await this.observables(
          source,
          writer,
          { _name: 'getAlert', idOrName: String(a._id) },
          { alert: alertId },
        );
        await this.procedures(
          source,
          writer,
          { _name: 'getAlert', idOrName: String(a._id) },
          { alert: alertId },
        );
        await this.linkToCase(writer, a, alertId, org);
      } catch (error) {
        this.report.skip('alert', `${org} ${String(a.sourceRef)}`, messageOf(error));
      }
      await this.state.save();
      progress.tick();
    }
    progress.stop();
  }

  /**
   * An alert imported into a case in the source is imported into the copy of that case: linked, its
   * observables and TTPs added to the case only where the case lacks them (the case's own copies
   * came with it), the case's description untouched (unlike a merge).
   */
  private async linkToCase(writer: Remote, a: Json, alertId: string, org: string) {
    const sourceCase = a.caseId ?? a.case;
    if (typeof sourceCase !== 'string' || !sourceCase || this.state.get('alertCase', String(a._id))) return;
    const targetCase = this.state.get('case', sourceCase)?.target;
    if (!targetCase) {
      this.report.skip(
        'alertCase',
        `${org} ${String(a.sourceRef)}`,
        `its case ${sourceCase} was not copied (see the cases skipped)`,
      );
      return;
    }
    const linked = (await writer.client.alert.get(alertId)).caseId;
    if (!linked) await writer.client.alert.importIntoCase(alertId, targetCase);
    else if (linked !== targetCase) {
      this.report.skip(
        'alertCase',
        `${org} ${String(a.sourceRef)}`,
        `already linked to another case (${String(linked)}) in Propolis`,
      );
      return;
    }
    this.state.set('alertCase', String(a._id), targetCase, 0);
    this.report.count('alertCase', linked ? 'unchanged' : 'created');
  }

  /**
   * The organisation's dashboards the source key's user sees: shared ones and its own (TheHive shows
   * no one another user's private dashboards). Written by the migration account, then given to their
   * owner when that user exists in Propolis.
   */
  private async dashboards(source: Remote, writer: Remote, org: string) {
    let list: Json[];
    try {
      list = await listFirst([q(source, 'listDashboard'), get(source, '/api/dashboard')]);
    } catch (error) {
      this.report.notes.push(`dashboards of ${org}: the source does not list them (${messageOf(error)})`);
      return;
    }
    for (const d of list) {
      const body: DashboardBody = {
        title: String(d.title ?? 'Dashboard'),
        description: typeof d.description === 'string' ? d.description : '',
        status: d.status === 'Shared' ? 'Shared' : 'Private',
      };
      if (d.definition !== undefined && d.definition !== null)
        body.definition = d.definition as DashboardBody['definition'];
      if (typeof d.group === 'string' && d.group) body.group = d.group;
      if (typeof d.version === 'number') body.version = d.version;
      const owner = typeof d.owner === 'string' ? d.owner : (d._createdBy as string | undefined);
      try {
        await this.sync(
          'dashboard',
          d,
          async () => {
            const created = await writer.client.dashboard.create(body);
            if (owner && owner !== MIGRATION_LOGIN)
              await writer.client.dashboard.changeOwner(created._id, owner).catch((error: unknown) => {
                this.report.notes.push(
                  `dashboard "${body.title}" of ${org} stays with ${MIGRATION_LOGIN}: ${owner} cannot own it (${messageOf(error)})`,
                );
              });
            return created._id;
          },
          (target) => writer.client.dashboard.update(target, body),
        );
      } catch (error) {
        this.report.skip('dashboard', `${org} "${body.title}"`, messageOf(error));
      }
    }
  }
}

export function registerMigrateFromTheHive(program: Command): void {
  program
    .command('migrate-from-thehive')
    .description(
      'copy a running TheHive 4/5 into a running Propolis through their APIs; resumable, and a second run copies only what changed',
    )
    .option('--url <url>', 'TheHive URL (else THEHIVE_URL)')
    .option(
      '--key <key>',
      'TheHive API key of an admin who belongs to the organisations to copy (else THEHIVE_API_KEY)',
    )
    .option('--target-url <url>', 'Propolis URL (else PROPOLIS_URL)')
    .option('--target-key <key>', 'API key of a Propolis platform administrator (else PROPOLIS_API_KEY)')
    .option('--target-profile <name>', 'connection profile of the Propolis target (else PROPOLIS_PROFILE)')
    .option('--state <file>', 'state file recording what was copied', 'thehive-migration-state.json')
    .option('--json', 'print the report as JSON')
    .action(async (options: Options) => {
      const url = options.url ?? process.env.THEHIVE_URL;
      const key = options.key ?? process.env.THEHIVE_API_KEY;
      if (!url) throw new UsageError('no TheHive URL: give --url or set THEHIVE_URL');
      if (!key) throw new UsageError('no TheHive API key: give --key or set THEHIVE_API_KEY');
      const source = Remote.fromOptions({ url, key }, {});
      const target = Remote.fromOptions({
        url: options.targetUrl,
        key: options.targetKey,
        profile: options.targetProfile,
      });
      if (source.url === target.url) throw new UsageError('the source and the target are the same server');
      let state: MigrationState;
      try {
        state = new MigrationState(options.state, source.url);
      } catch (error) {
        throw new UsageError(messageOf(error));
      }
      const migration = new Migration(source, target, state, options);
      const result = await migration.run();
      await state.save();
      const problems = result.skipped;
      report(options, result, () =>
        [
          `Copied ${result.source}${result.sourceVersion ? ` (${String(result.sourceVersion)})` : ''}:`,
          ...Object.entries(result.counts).map(
            ([k, t]) =>
              `  ${k.padEnd(15)} ${t.created} created, ${t.updated} updated, ${t.unchanged} unchanged, ${t.skipped} skipped`,
          ),
          ...result.skipped.slice(0, 30).map((s) => `  skipped ${s.what}: ${s.why}`),
          ...result.notes.map((n) => `  note: ${n}`),
          `State kept in ${result.state}: run again to copy what changes.`,
        ].join('\n'),
      );
      if (problems.length)
        throw new CommandError(`${problems.length} object(s) could not be copied (see the report)`);
    });
}
