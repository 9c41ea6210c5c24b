/**
 * First start: the admin organisation, the built-in profiles, and admin@thehive.local with the
 * configured password (or a generated one, printed once).
 */
import { BUILTIN_PROFILES, formatId } from '@propolis/core';
import { generatePassword, hashPassword } from '../auth/passwords.js';
import { insertOrganisation, organisationByName } from '../db/repositories/organisations.js';
import {
  findProfile,
  insertProfile,
  profilePermissions,
  updateProfile,
} from '../db/repositories/profiles.js';
import { insertUser, loginTaken, putMembership } from '../db/repositories/users.js';
import { appendAudit } from '../events/audit.js';
import { ADMIN_ORGANISATION, SYSTEM_LOGIN } from './context.js';
import { type Deps, inTransaction } from './deps.js';
import { seedObservableTypes } from './observable-types/seed-observable-types.js';

export const ADMIN_LOGIN = 'admin@thehive.local';

const samePermissions = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().every((p, i) => p === [...b].sort()[i]);

export interface BootstrapResult {
  createdAdmin: boolean;
  /** Set only when the password was generated: the caller prints it once. */
  generatedPassword?: string;
}

export async function bootstrap(deps: Pick<Deps, 'db' | 'config'>): Promise<BootstrapResult> {
  return inTransaction(deps, async (trx) => {
    const audit = { requestId: 'bootstrap', login: SYSTEM_LOGIN, organisationId: null };
    for (const p of BUILTIN_PROFILES) {
      const found = await findProfile(trx, p.name);
      if (!found) {
        await insertProfile(trx, {
          name: p.name,
          permissions: [...p.permissions],
          builtin: true,
          createdBy: SYSTEM_LOGIN,
        });
      } else if (!p.editable && !samePermissions(profilePermissions(found), p.permissions)) {
        // admin and org-admin cannot be edited: they follow the permission names of this version
        await updateProfile(trx, found.id, { permissions: [...p.permissions], updatedBy: SYSTEM_LOGIN });
      }
    }
    await seedObservableTypes(trx);
    let admin = await organisationByName(trx, ADMIN_ORGANISATION);
    if (!admin) {
      admin = await insertOrganisation(trx, {
        name: ADMIN_ORGANISATION,
        description: 'organisation for administration',
        createdBy: SYSTEM_LOGIN,
      });
    }
    if (await loginTaken(trx, ADMIN_LOGIN)) return { createdAdmin: false };
    const generated = deps.config.adminPassword ? undefined : generatePassword();
    const password = deps.config.adminPassword ?? generated!;
    const adminProfile = await findProfile(trx, 'admin');
    const user = await insertUser(trx, {
      login: ADMIN_LOGIN,
      name: 'Default admin user',
      email: null,
      type: 'Normal',
      password_hash: await hashPassword(password, deps.config.auth.passwordHashCost),
      api_key_hash: null,
      locked: 0,
      totp_secret: null,
      default_organisation_id: admin.id,
      avatar: null,
      created_at: Date.now(),
      created_by: SYSTEM_LOGIN,
    });
    await putMembership(trx, user.id, admin.id, adminProfile!.id);
    await appendAudit(trx, audit, [
      { action: 'create', objectType: 'User', objectId: formatId(user.id), details: { login: ADMIN_LOGIN } },
    ]);
    return { createdAdmin: true, generatedPassword: generated };
  });
}
