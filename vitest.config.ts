import { defineConfig } from 'vitest/config';

// Tests run against TypeScript sources (the "source" export condition), never against dist.
// Vitest runs tests in Vite's SSR environment, which takes its conditions from `ssr.resolve`:
// with `resolve.conditions` alone, workspace packages silently resolved to their (possibly stale) dist.
export default defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'], externalConditions: ['source'] } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'bench/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    // A test's limit, not its expected time (most take well under a second): two files run at once,
    // and on a loaded 2-core machine a test creating a hundred cases took over 30 s.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // migrates one template database per run (SQLite file, PostgreSQL TEMPLATE) that test servers copy
    globalSetup: ['packages/server/src/test-support/global-setup.ts'],
    pool: 'forks',
    // Two test files at a time: most of a file's time is spent waiting (HTTP, PostgreSQL, Chromium,
    // child processes), so the 2-core machines run two about as fast as one (vitest's default is
    // cores - 1, one worker there). PROPOLIS_TEST_WORKERS=1 runs them one by one.
    maxWorkers: Number(process.env.PROPOLIS_TEST_WORKERS) || 2,
    // Test files share their worker's module cache: importing the server once per worker instead of
    // once per file cuts the server suite from about a minute to a quarter of that. Tests therefore must
    // not rely on module state being fresh (none mock modules; each starts its own server).
    isolate: false,
    reporters: ['default'],
  },
});
