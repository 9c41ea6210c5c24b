/**
 * A source that follows a JSON-lines file and maps its records to alerts in batches. A line that is
 * not JSON (truncated, garbled) becomes a failure naming its position; the feed goes on.
 */
import type { AlertDraft } from '../alert-draft.js';
import type { TailSettings } from '../feeder-definition.js';
import { errorMessage, type FeederRuntime, type FeedFailure, type Source, sleep } from '../runtime.js';
import { isTailCursor, readNext } from './json-lines-tail.js';

export interface JsonRecord {
  ref: string;
  value: Record<string, unknown>;
}

/** Maps one batch of parsed records; records it cannot map are reported as failures. */
export type RecordMapper = (records: JsonRecord[]) => { drafts: AlertDraft[]; failures: FeedFailure[] };

export function jsonLinesSource(settings: TailSettings, mapper: RecordMapper): Source {
  return {
    async run(runtime: FeederRuntime) {
      let cursor = isTailCursor(runtime.cursor) ? runtime.cursor : undefined;
      while (!runtime.signal.aborted) {
        const chunk = await readNext(settings.path, cursor, settings.batchLines);
        const moved = !cursor || chunk.cursor.ino !== cursor.ino || chunk.cursor.offset !== cursor.offset;
        if (chunk.lines.length === 0) {
          // A rotation to an empty file moves the cursor without lines: remember it.
          if (moved && cursor)
            await runtime.deliver({ drafts: [], failures: [], cursor: chunk.cursor, lag: 0 });
          cursor = chunk.cursor;
          await sleep(settings.pollSeconds * 1000, runtime.signal);
          continue;
        }
        const records: JsonRecord[] = [];
        const failures: FeedFailure[] = [];
        for (const line of chunk.lines) {
          try {
            const value: unknown = JSON.parse(line.text);
            if (typeof value !== 'object' || value === null || Array.isArray(value))
              throw new Error('the line is not a JSON object');
            records.push({ ref: line.ref, value: value as Record<string, unknown> });
          } catch (error) {
            failures.push({ ref: `line at ${line.ref}`, reason: `invalid JSON: ${errorMessage(error)}` });
          }
        }
        const mapped = mapper(records);
        await runtime.deliver({
          drafts: mapped.drafts,
          failures: [...failures, ...mapped.failures],
          cursor: chunk.cursor,
          lag: chunk.lag,
        });
        cursor = chunk.cursor;
      }
    },
  };
}
