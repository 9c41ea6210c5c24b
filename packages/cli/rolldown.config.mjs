/**
 * Bundles the `propolis` command (CLI, server, core and their dependencies) into one ES module,
 * dist/propolis.mjs. Why: Node resolves, reads and links every module file at start; the server's
 * dependency graph has about 950 of them (TypeBox and Kysely ship hundreds of small files each), which
 * cost about 0.8 s of every start. One file loads in about a fifth of that. better-sqlite3 stays outside
 * (it loads a native addon from its own package), and so does pg-native (optional, not installed).
 */
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
    file: 'packages/cli/dist/propolis.mjs',
    // one file still: libraries loaded with import() (mail parsing, IMAP) are kept in it but only
    // evaluated when first used, so a start does not pay for them
    codeSplitting: false,
    format: 'esm',
    // CommonJS dependencies bundled into an ES module still look for these.
    banner: cjsGlobals,
  },
};
