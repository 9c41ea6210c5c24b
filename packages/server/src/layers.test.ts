/**
 * The layer rule (biome.json overrides: noRestrictedImports per folder, noNodejsModules in core and
 * client) fails on an import against the layers. The test writes a probe file with a wrong-way
 * import into the folder, lints it, and removes it; a right-way probe proves the rule is selective.
 */
import { spawnSync } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const biome = path.join(repo, 'node_modules/@biomejs/biome/bin/biome');

async function lintProbe(folder: string, source: string): Promise<{ status: number | null; output: string }> {
  const file = path.join(repo, folder, `layer-probe-${process.pid}.ts`);
  await writeFile(file, source);
  try {
    const run = spawnSync(process.execPath, [biome, 'lint', '--max-diagnostics=5', file], {
      cwd: repo,
      encoding: 'utf8',
    });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    await rm(file, { force: true });
  }
}

describe('layer rule', () => {
  it('refuses a repository importing the domain', async () => {
    const bad = await lintProbe(
      'packages/server/src/db/repositories',
      "import type { RequestContext } from '../../domain/context.js';\nexport type X = RequestContext;\n",
    );
    expect(bad.status).not.toBe(0);
    expect(bad.output).toContain('noRestrictedImports');
    expect(bad.output).toContain('db/ is the bottom of the server');
  });

  it('refuses the domain importing the API, and query/ importing the domain', async () => {
    const domain = await lintProbe(
      'packages/server/src/domain/cases',
      "import { ctx } from '../../api/request-context.js';\nexport const x = ctx;\n",
    );
    expect(domain.status).not.toBe(0);
    expect(domain.output).toContain('the domain does not know the API');
    const query = await lintProbe(
      'packages/server/src/query',
      "import { scopeOf } from '../domain/context.js';\nexport const x = scopeOf;\n",
    );
    expect(query.status).not.toBe(0);
    expect(query.output).toContain('noRestrictedImports');
  });

  it('refuses node: modules in core', async () => {
    const bad = await lintProbe(
      'packages/core/src/model',
      "import { isIP } from 'node:net';\nexport const x = isIP;\n",
    );
    expect(bad.status).not.toBe(0);
    expect(bad.output).toContain('noNodejsModules');
  });

  it('accepts imports that point down', async () => {
    const good = await lintProbe(
      'packages/server/src/domain/cases',
      "import type { Scope } from '../../db/scope.js';\nexport type X = Scope;\n",
    );
    expect(good.output).not.toContain('noRestrictedImports');
    expect(good.status).toBe(0);
  });
});
