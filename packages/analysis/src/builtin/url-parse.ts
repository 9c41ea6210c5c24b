/**
 * URL and domain parsing: scheme, host, port, path, query parameters, the registered-looking
 * domain, IP hosts, punycode (IDN homograph candidates), credentials in the URL, and the defanged
 * form to paste safely in a report.
 */
import { isIP } from 'node:net';
import { domainToUnicode } from 'node:url';
import { defang, refang } from '@propolis/core';
import { type BuiltinWorker, report, taxonomy } from './builtin.js';

export const urlParseAnalyzer: BuiltinWorker = ({ input }) => {
  const raw = refang(String(input.data ?? '').trim());
  const isUrl = input.dataType === 'url';
  let url: URL;
  try {
    url = new URL(isUrl ? raw : `http://${raw}`);
  } catch {
    return { success: false, errorMessage: `"${raw}" is not a valid ${isUrl ? 'URL' : 'domain'}`, input };
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const labels = host.split('.');
  const punycode = labels.some((l) => l.startsWith('xn--'));
  const ipHost = isIP(host) !== 0;
  const full: Record<string, unknown> = {
    input: raw,
    defanged: defang(raw),
    host,
    unicodeHost: punycode ? domainToUnicode(host) : host,
    ipHost,
    labels: labels.length,
    registeredDomain: ipHost ? null : labels.slice(-2).join('.'),
  };
  if (isUrl) {
    Object.assign(full, {
      scheme: url.protocol.replace(/:$/, ''),
      port: url.port ? Number(url.port) : null,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      fragment: url.hash.replace(/^#/, '') || null,
      credentials: url.username !== '' || url.password !== '',
    });
  }
  const taxonomies = [taxonomy('info', 'URL', 'Host', host)];
  if (punycode) taxonomies.push(taxonomy('suspicious', 'URL', 'Punycode', full.unicodeHost));
  if (ipHost) taxonomies.push(taxonomy('suspicious', 'URL', 'IPHost', host));
  if (full.credentials) taxonomies.push(taxonomy('suspicious', 'URL', 'Credentials', 'yes'));
  const artifacts =
    isUrl && !ipHost
      ? [{ dataType: 'domain', data: host }]
      : ipHost && isUrl
        ? [{ dataType: 'ip', data: host }]
        : [];
  return report(full, taxonomies, artifacts);
};
