/**
 * HTTPS served directly (`tls.certFile`, `tls.keyFile`): the PEM files are read at start, and again
 * on SIGHUP so that a renewed certificate (certbot, an ACME client) is served without a restart. A
 * reload that fails (a half-written file, a key that does not match) keeps the certificate in use.
 */
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import type { Config } from '../config.js';

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
}

/** The certificate and key, checked to form a usable pair; undefined for plain HTTP. */
export function readTls(config: Pick<Config, 'tls'>): TlsFiles | undefined {
  const { certFile, keyFile } = config.tls;
  if (!certFile) return undefined;
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file);
    } catch (error) {
      throw new Error(`tls.${what}: cannot read ${file}: ${(error as Error).message}`);
    }
  };
  const files = { cert: read(certFile, 'certFile'), key: read(keyFile, 'keyFile') };
  try {
    createSecureContext(files);
  } catch (error) {
    throw new Error(
      `tls: ${certFile} and ${keyFile} are not a usable certificate and key: ${(error as Error).message}`,
    );
  }
  return files;
}

/** Swaps the certificate of a running HTTPS server; answers what went wrong, if anything. */
export function reloadTls(
  server: { setSecureContext?: (options: TlsFiles) => void },
  config: Pick<Config, 'tls'>,
): string | undefined {
  if (!server.setSecureContext || !config.tls.certFile) return 'this server does not serve HTTPS';
  try {
    const files = readTls(config);
    if (files) server.setSecureContext(files);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
