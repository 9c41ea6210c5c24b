/**
 * HTTP to a remote service the operator configured (MISP servers, TAXII remotes), with
 * node:http(s) so that its TLS options apply (extra CAs added to Node's bundled ones, skip-verify,
 * a client certificate for mutual TLS): every call has a timeout and reads at most `limit` bytes.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { MispTls } from './misp/misp-config.js';

/** A kept-alive agent for `url`, with the TLS options when it is https. */
export function remoteAgent(url: string, tls: MispTls): HttpAgent | HttpsAgent {
  return url.startsWith('https:')
    ? new HttpsAgent({
        // extra CAs are added to Node's bundled ones, not put in their place
        ca: tls.ca ? [...rootCertificates, tls.ca] : undefined,
        rejectUnauthorized: !tls.skipVerify,
        // mutual TLS: the client certificate a server behind a client-certificate check asks for
        ...(tls.cert ? { cert: tls.cert, key: tls.key, passphrase: tls.passphrase } : {}),
      })
    : new HttpAgent();
}

export interface RemoteAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface RemoteCall {
  method: 'GET' | 'POST';
  agent: HttpAgent | HttpsAgent;
  headers: Record<string, string | number>;
  body?: Buffer;
  timeoutMs: number;
  /** The most bytes of answer read. */
  limit: number;
  /** The error for an answer over the limit (declared or read). */
  tooBig: () => Error;
}

/** One call: the status, headers and body (UTF-8) of the answer; rejects on a network error or timeout. */
export function remoteCall(url: URL, call: RemoteCall): Promise<RemoteAnswer> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<RemoteAnswer>((resolve, reject) => {
    const req = request(
      url,
      {
        method: call.method,
        agent: call.agent,
        headers: call.headers,
        signal: AbortSignal.timeout(call.timeoutMs),
      },
      (res) => {
        const declared = Number(res.headers['content-length']);
        if (Number.isFinite(declared) && declared > call.limit) {
          res.destroy();
          return reject(call.tooBig());
        }
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > call.limit) {
            res.destroy();
            reject(call.tooBig());
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(call.body);
  });
}
