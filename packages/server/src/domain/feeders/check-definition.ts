/**
 * A definition is accepted only when it parses, its organisation exists (and is not the admin
 * organisation, which holds no alerts) and, for a webhook, its mapping compiles. The configuration
 * file may name an organisation created later (on a first start there is none): until it exists, the
 * feeder records the error at each run.
 */
import { badRequest } from '@propolis/core';
import {
  compileMapping,
  type FeederDefinition,
  FeederDefinitionError,
  MappingError,
  parseFeederDefinition,
} from '@propolis/feeder';
import { organisationByName } from '../../db/repositories/organisations.js';
import { ADMIN_ORGANISATION } from '../context.js';
import type { Deps } from '../deps.js';

/** Parses and checks; errors are plain Errors naming the field (for the YAML file at start). */
export async function checkDefinition(
  deps: Pick<Deps, 'db'>,
  raw: unknown,
  where: string,
  options: { organisationMustExist: boolean } = { organisationMustExist: true },
): Promise<FeederDefinition> {
  const def = parseFeederDefinition(raw, where);
  if (def.organisation === ADMIN_ORGANISATION)
    throw new FeederDefinitionError(
      `${where}.organisation: the admin organisation holds no alerts; name another`,
    );
  if (options.organisationMustExist && !(await organisationByName(deps.db, def.organisation)))
    throw new FeederDefinitionError(`${where}.organisation: no organisation is named ${def.organisation}`);
  const mapping =
    def.kind === 'webhook' || def.kind === 'syslog' || def.kind === 'elastic'
      ? def.settings.mapping
      : undefined;
  if (mapping !== undefined) {
    try {
      compileMapping(mapping, def.alert);
    } catch (error) {
      throw new FeederDefinitionError(`${where}.mapping: ${(error as Error).message}`);
    }
  }
  return def;
}

/** The same, with errors as 400 answers for the API. */
export async function checkDefinitionInput(deps: Pick<Deps, 'db'>, raw: unknown): Promise<FeederDefinition> {
  try {
    return await checkDefinition(deps, raw, 'feeder');
  } catch (error) {
    if (error instanceof FeederDefinitionError || error instanceof MappingError)
      throw badRequest(error.message);
    throw error;
  }
}
