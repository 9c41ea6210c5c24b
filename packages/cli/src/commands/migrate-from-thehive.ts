import type { Command } from 'commander';

export function registerMigrateFromTheHive(_program: Command): void {}
