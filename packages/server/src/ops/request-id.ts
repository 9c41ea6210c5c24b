/**
 * Request ids as UUID version 7 (RFC 9562): 48 bits of Unix time in milliseconds, then random bits.
 * They travel in `X-Request-Id` and key every audit row of a request; being time-ordered, new ids
 * land at the end of the audit table's request index instead of on a random page of it (random v4
 * ids made every write touch one more page, read from disk at a million alerts).
 *
 * One id is made per request: the random bits come from a pool filled for 256 ids at a time (as
 * Node's own `randomUUID` does), not from a `randomBytes` call and its buffer each time.
 */
import { randomFillSync } from 'node:crypto';

const RANDOM_PER_ID = 10;
const pool = Buffer.alloc(RANDOM_PER_ID * 256);
let offset = pool.length;
const bytes = Buffer.alloc(16);

export function uuidv7(now = Date.now()): string {
  if (offset === pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  bytes.writeUIntBE(now, 0, 6);
  pool.copy(bytes, 6, offset, offset + RANDOM_PER_ID);
  offset += RANDOM_PER_ID;
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
