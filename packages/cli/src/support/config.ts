/**
 * The server configuration a local command acts on: the same sources as `propolis serve`
 * (environment over the YAML file of --config or PROPOLIS_CONFIG over defaults).
 */
import type { Config } from '@propolis/server/operator';
import type { Command } from 'commander';
import { operator } from './lazy.js';

export interface ConfigOptions {
  config?: string;
}

export const withConfigOption = (command: Command): Command =>
  command.option('-c, --config <file>', 'YAML configuration file (else PROPOLIS_CONFIG)');

export const serverConfig = async (options: ConfigOptions): Promise<Config> =>
  (await operator()).loadConfig(process.env, options.config);

/** Where the configured data lives, for messages (never the password of a database URL). */
export function describeStorage(config: Config): string {
  if (!config.databaseUrl) return `SQLite in ${config.dataDir}`;
  return `PostgreSQL ${redactUrl(config.databaseUrl)}`;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable URL>';
  }
}
