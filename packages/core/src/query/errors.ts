/**
 * QueryError: the only error the query parsers throw. It is a `BadRequest` PropolisError
 * (HTTP 400) whose message starts with the path of the offending part of the input,
 * e.g. `query._and[2]._in._values: 1500 values exceeds the limit of 1000`.
 */
import { PropolisError } from '../errors.js';

export class QueryError extends PropolisError {
  /** Where in the input the problem is (`query._and[2]._in._values`); may be empty. */
  readonly path: string;
  /** The message without the path. */
  readonly detail: string;

  constructor(path: string, detail: string, options?: { cause?: unknown }) {
    super('BadRequest', path ? `${path}: ${detail}` : detail, options);
    this.name = 'QueryError';
    this.path = path;
    this.detail = detail;
  }
}
