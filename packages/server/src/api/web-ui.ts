/**
 * The web UI (packages/web, docs/ui.md) served at `/`: the files Vite built, read from `web.dir`.
 * - `/assets/*` are content-hashed: cached for a year, immutable; a missing one is a JSON 404, never the
 *   app's HTML (a browser would otherwise try to run HTML as a script module).
 * - any other GET outside the APIs answers index.html (client-side routes), never cached, with a strict
 *   Content-Security-Policy.
 * - GETs under `/api/` and `/cortex/` that no route answers stay JSON 404s, as without the UI.
 * Nothing of React runs here: the server only sends files (precompressed `.br`/`.gz` when the browser
 * accepts them).
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PropolisError } from '@propolis/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * Scripts only from this origin (no inline script, no eval); styles may be inline because the
 * component library sets CSS variables in `style` attributes; no plugins, frames, or foreign
 * connections; forms post only here.
 */
export const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const IMMUTABLE = 'public, max-age=31536000, immutable';
const API_PREFIXES = ['/api/', '/cortex/'];

function isApiPath(pathname: string): boolean {
  return pathname === '/api' || pathname === '/cortex' || API_PREFIXES.some((p) => pathname.startsWith(p));
}

function securityHeaders(reply: FastifyReply): void {
  reply.header('content-security-policy', WEB_CSP);
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'same-origin');
  reply.header('x-frame-options', 'DENY');
}

/** Registers the UI when `dir` holds a built index.html; answers whether it did. */
export async function registerWebUi(app: FastifyInstance, dir: string): Promise<boolean> {
  if (!dir || !existsSync(path.join(dir, 'index.html'))) return false;
  // Files at the top of the folder besides index.html (icons, the theme boot script), listed once:
  // a name not in the list is a client-side route.
  const topFiles = new Set(
    readdirSync(dir, { withFileTypes: true })
      .filter((e) => e.isFile() && e.name !== 'index.html' && !/\.(br|gz)$/.test(e.name))
      .map((e) => e.name),
  );
  // loaded only when there is a UI to serve (kept unevaluated in the one-file bundle otherwise)
  const { default: fastifyStatic } = await import('@fastify/static');
  await app.register(fastifyStatic, {
    root: dir,
    serve: false,
    preCompressed: true,
    cacheControl: false,
    etag: true,
    lastModified: true,
  });
  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    const pathname = request.url.split('?')[0] ?? '/';
    if (isApiPath(pathname))
      throw new PropolisError('NotFoundError', `No route for ${request.method} ${pathname}`);
    reply.header('x-content-type-options', 'nosniff');
    if (pathname.startsWith('/assets/')) {
      reply.header('cache-control', IMMUTABLE);
      return reply.sendFile(pathname.slice(1));
    }
    const name = pathname.slice(1);
    if (topFiles.has(name)) {
      reply.header('cache-control', 'public, max-age=3600');
      return reply.sendFile(name);
    }
    securityHeaders(reply);
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  };
  app.route({
    method: ['GET', 'HEAD'],
    url: '/*',
    config: { public: true },
    schema: { hide: true },
    handler,
  });
  return true;
}
