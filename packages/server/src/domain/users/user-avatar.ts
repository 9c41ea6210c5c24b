/**
 * A user's avatar as an image (TheHive 4/5 `GET /api/v1/user/{id}/avatar`): the avatar is stored
 * as given on the user (base64, or a `data:image/...;base64,` URL); it is served decoded, typed by
 * its data URL or by the image's signature (PNG, JPEG, GIF, WebP), to whoever may see the user.
 */
import { notFound } from '@propolis/core';
import type { RequestContext } from '../context.js';
import type { Deps } from '../deps.js';
import { getUser } from './read-users.js';

const SIGNATURES: Array<[string, (b: Buffer) => boolean]> = [
  [
    'image/png',
    (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  ],
  ['image/jpeg', (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ['image/gif', (b) => b.subarray(0, 4).toString('latin1') === 'GIF8'],
  [
    'image/webp',
    (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  ],
];
const IMAGE_TYPES = new Set(SIGNATURES.map(([type]) => type));

export async function userAvatar(
  deps: Deps,
  ctx: RequestContext,
  idOrLogin: string,
): Promise<{ bytes: Buffer; contentType: string }> {
  const user = await getUser(deps, ctx, idOrLogin);
  if (!user.avatar) throw notFound(`User ${idOrLogin} has no avatar`);
  const m = /^data:([\w/+.-]+);base64,(.*)$/s.exec(user.avatar);
  const bytes = Buffer.from(m ? m[2]! : user.avatar, 'base64');
  const declared = m?.[1]?.toLowerCase();
  const sniffed = SIGNATURES.find(([, test]) => test(bytes))?.[0];
  // only image types are served as such (never HTML or SVG, which could carry scripts)
  const contentType =
    sniffed ?? (declared && IMAGE_TYPES.has(declared) ? declared : 'application/octet-stream');
  return { bytes, contentType };
}
