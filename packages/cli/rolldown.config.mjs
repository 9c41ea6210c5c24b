/**
 * Bundles the `propolis` command (CLI, server, core and their dependencies) into ES modules:
 * dist/propolis.mjs and, beside it, the chunks it loads with import() (dist/propolis-*.mjs). Why:
 * Node resolves, reads and links every module file at start; the server's dependency graph has about
 * 950 of them (TypeBox and Kysely ship hundreds of small files each), which cost about 0.8 s of every
 * start. A few files load in about a fifth of that. What is only needed later (mail parsing, IMAP,
 * SSO, the commands other than the one run) is left in chunks that are neither read nor compiled
 * until first used: a single 10.6 MB file cost about 0.4 s of compiling at every start.
 * better-sqlite3 stays outside (it loads a native addon from its own package), and so does
 * pg-native (optional, not installed). Chunks sit in the same folder as the entry so that paths
 * resolved from import.meta.url (the web UI beside the command) are the same in every chunk; the
 * chunks of an earlier build are removed first.
 */
import { readdirSync, rmSync } from 'node:fs';

const out = 'packages/cli/dist';
for (const f of (() => {
  try {
    return readdirSync(out);
  } catch {
    return [];
  }
})())
  if (/^propolis-.*\.mjs$/.test(f)) rmSync(`${out}/${f}`);

const cjsGlobals = [
  "import { createRequire as __propolisRequire } from 'node:module';",
  "import { fileURLToPath as __propolisPath } from 'node:url';",
  "import { dirname as __propolisDir } from 'node:path';",
  'const require = __propolisRequire(import.meta.url);',
  'const __filename = __propolisPath(import.meta.url);',
  'const __dirname = __propolisDir(__filename);',
].join(' ');

export default {
  input: 'packages/cli/dist/main.js',
  platform: 'node',
  external: [/^better-sqlite3(\/|$)/, /^pg-native(\/|$)/, /^node:/],
  logLevel: 'warn',
  output: {
    dir: out,
    entryFileNames: 'propolis.mjs',
    chunkFileNames: 'propolis-[name]-[hash].mjs',
    format: 'esm',
    // CommonJS dependencies bundled into an ES module still look for these.
    banner: cjsGlobals,
  },
};
