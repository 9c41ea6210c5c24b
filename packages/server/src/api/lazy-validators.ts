/**
 * Request validators compiled on first use instead of at start. Fastify compiles the JSON schema of
 * every route with Ajv while the server starts: about 300 ms for Propolis' few hundred routes, paid
 * on every start although most routes are never called by a given deployment. Each validator is
 * compiled the first time its route is called (about a millisecond), with the same Ajv and options
 * as Fastify's own (@fastify/ajv-compiler); errors come out the same way.
 */
import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

type BuildValidator = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']
>;
type Validate = ((data: unknown) => unknown) & { errors?: unknown };
type Compile = (route: unknown) => Validate;

const eager = AjvCompiler() as unknown as (externalSchemas: unknown, options: unknown) => Compile;

function lazyFactory(externalSchemas: unknown, options: unknown): Compile {
  const compile = eager(externalSchemas, options);
  return (route) => {
    let validate: Validate | undefined;
    const lazy: Validate = (data) => {
      validate ??= compile(route);
      const result = validate(data);
      lazy.errors = validate.errors;
      return result;
    };
    return lazy;
  };
}

export const buildLazyValidator = lazyFactory as unknown as BuildValidator;
