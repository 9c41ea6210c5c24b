/**
 * The entry bundle's budget (docs/ui.md, Size and speed), read from the build's manifest: the
 * JavaScript the browser loads before the first screen is at most 200 KiB gzipped (gzip -9, as the
 * server sends it precompressed), its CSS at most 40 KiB; the command palette, the dashboards
 * (ECharts) and the markdown renderer are loaded later, never in the entry.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { WEB_DIST } from './browser.js';

const MANIFEST = path.join(WEB_DIST, '.vite/manifest.json');
const built = existsSync(MANIFEST);
if (!built && process.env.PROPOLIS_REQUIRE_BROWSER)
  throw new Error(`the bundle budget needs the built UI (${MANIFEST}): run npm run build`);

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

const gzipped = (file: string) => gzipSync(readFileSync(path.join(WEB_DIST, file)), { level: 9 }).length;

describe.skipIf(!built)('the entry bundle', () => {
  const manifest = built ? (JSON.parse(readFileSync(MANIFEST, 'utf8')) as Record<string, ManifestChunk>) : {};
  const entry = manifest['index.html']!;
  /** The entry and the chunks it imports statically: all loaded before the first screen. */
  const loadedFirst = (): ManifestChunk[] => {
    const seen = new Set<string>();
    const walk = (key: string): ManifestChunk[] => {
      if (seen.has(key)) return [];
      seen.add(key);
      const chunk = manifest[key]!;
      return [chunk, ...(chunk.imports ?? []).flatMap(walk)];
    };
    return walk('index.html');
  };

  it('is at most 200 KiB of gzipped JavaScript and 40 KiB of gzipped CSS', () => {
    const chunks = loadedFirst();
    const js = chunks.reduce((sum, c) => sum + gzipped(c.file), 0);
    const css = chunks.flatMap((c) => c.css ?? []).reduce((sum, f) => sum + gzipped(f), 0);
    expect(js).toBeGreaterThan(50 * 1024);
    expect(js).toBeLessThanOrEqual(200 * 1024);
    expect(css).toBeLessThanOrEqual(40 * 1024);
  });

  it('leaves the palette, the screens, ECharts and markdown to later chunks', () => {
    expect(entry.dynamicImports).toContain('src/app/PaletteBody.tsx');
    const first = new Set(loadedFirst().map((c) => c.file));
    const later = Object.entries(manifest).filter(([key]) =>
      /PaletteBody|AlertsPage|DashboardPage|^_Markdown-/.test(key),
    );
    expect(later.length).toBe(4);
    for (const [key, chunk] of later) expect(first.has(chunk.file), key).toBe(false);
  });
});
