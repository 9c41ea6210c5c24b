/**
 * The browser build has no Node-only imports: src/index.ts bundled by rolldown for the browser
 * platform resolves no `node:` module nor Node built-in, and the code uses no Buffer or process.
 * The Node entry (src/node/) is the only place allowed to import them, and it does.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const builtins = new Set(builtinModules);
const isNodeModule = (id: string) => id.startsWith('node:') || builtins.has(id.split('/')[0]!);

async function bundle(entry: string) {
  const nodeImports: string[] = [];
  const build = await rolldown({
    input: path.join(here, entry),
    platform: 'browser',
    logLevel: 'silent',
    resolve: { conditionNames: ['source', 'browser', 'import', 'default'] },
    plugins: [
      {
        name: 'record-node-imports',
        resolveId(id) {
          if (isNodeModule(id)) {
            nodeImports.push(id);
            return { id, external: true };
          }
          return null;
        },
      },
    ],
  });
  const { output } = await build.generate({ format: 'esm' });
  await build.close();
  const code = output.map((o) => ('code' in o ? o.code : '')).join('\n');
  // comments may name what the code must not use
  return { nodeImports, code: code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '') };
}

describe('browser build', () => {
  it('bundles src/index.ts without Node modules, Buffer or process', async () => {
    const { nodeImports, code } = await bundle('index.ts');
    expect(nodeImports).toEqual([]);
    expect(code).toContain('class PropolisClient');
    expect(code).not.toMatch(/\bBuffer\b/);
    expect(code).not.toMatch(/\bprocess\.(env|versions|nextTick)/);
    expect(code).not.toMatch(/\brequire\(/);
  }, 60_000);

  it('notices Node modules when there are some (the Node entry has them)', async () => {
    const { nodeImports } = await bundle('node/index.ts');
    expect(nodeImports).toEqual(expect.arrayContaining(['node:fs', 'node:stream']));
  }, 60_000);
});
