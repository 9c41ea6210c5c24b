#!/usr/bin/env node
/**
 * Makes the installable package of Propolis: one tarball holding the bundled `propolis` command
 * (packages/cli/dist/propolis.mjs and the chunks beside it, built by `npm run build`) with the README and license, whose only
 * dependency is better-sqlite3 (the native SQLite binding the bundle leaves outside). Installed with
 * `npm install -g ./propolis-<version>.tgz`, it starts with `propolis serve`.
 *
 * Usage: node scripts/pack.mjs [output folder]   (default: dist/ at the repository root)
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.resolve(process.argv[2] ?? path.join(root, 'dist'));
const bundle = path.join(root, 'packages/cli/dist/propolis.mjs');
if (!existsSync(bundle)) {
  process.stderr.write('packages/cli/dist/propolis.mjs is missing: run `npm run build` first\n');
  process.exit(1);
}
const rootPackage = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const serverPackage = JSON.parse(readFileSync(path.join(root, 'packages/server/package.json'), 'utf8'));
const stage = mkdtempSync(path.join(tmpdir(), 'propolis-pack-'));
try {
  copyFileSync(bundle, path.join(stage, 'propolis.mjs'));
  // the chunks the command loads when it first needs them (packages/cli/rolldown.config.mjs)
  for (const chunk of readdirSync(path.dirname(bundle)).filter((f) => /^propolis-.*\.mjs$/.test(f)))
    copyFileSync(path.join(path.dirname(bundle), chunk), path.join(stage, chunk));
  for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md'])
    copyFileSync(path.join(root, file), path.join(stage, file));
  const manifest = {
    name: 'propolis',
    version: rootPackage.version,
    description: rootPackage.description,
    license: rootPackage.license,
    type: 'module',
    bin: { propolis: './propolis.mjs' },
    files: ['propolis.mjs', 'propolis-*.mjs', 'README.md', 'LICENSE', 'CHANGELOG.md'],
    engines: rootPackage.engines,
    dependencies: { 'better-sqlite3': serverPackage.dependencies['better-sqlite3'] },
  };
  writeFileSync(path.join(stage, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  mkdirSync(out, { recursive: true });
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], {
    cwd: stage,
    encoding: 'utf8',
  }).trim();
  process.stdout.write(`${path.join(out, name.split('\n').pop() ?? name)}\n`);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
