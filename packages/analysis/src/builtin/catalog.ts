/**
 * The built-in analyzers, as worker definitions an organisation enables like any Cortex analyzer.
 */
import type { WorkerDefinition } from '../definitions/definition.js';
import { fileInfoAnalyzer } from './file-info.js';
import { geoIpAnalyzer } from './geoip.js';
import { iocExtractAnalyzer } from './ioc-extract.js';
import { ipClassAnalyzer } from './ip-class.js';
import { listLookupAnalyzer } from './list-lookup.js';
import { mailParseAnalyzer } from './mail-parse.js';
import { mailResponder } from './mail-responder.js';
import { urlParseAnalyzer } from './url-parse.js';
import { webhookResponder } from './webhook-responder.js';
import { yaraAnalyzer } from './yara.js';

const base = {
  type: 'analyzer' as const,
  version: '1.0',
  author: 'Propolis',
  url: 'https://github.com/propolis',
  license: 'AGPL-3.0-or-later',
  configurationItems: [],
  config: {},
};

const make = (
  name: string,
  description: string,
  dataTypeList: string[],
  builtin: WorkerDefinition['builtin'],
): WorkerDefinition => ({
  ...base,
  id: `${name}_1_0`,
  name,
  description,
  dataTypeList,
  baseConfig: name,
  builtin,
});

export const BUILTIN_ANALYZERS: readonly WorkerDefinition[] = [
  make(
    'Propolis_FileInfo',
    'File hashes, type by content and entropy (built in, offline)',
    ['file'],
    fileInfoAnalyzer,
  ),
  make(
    'Propolis_IocExtract',
    'Extract IOCs (URLs, mails, IPs, domains, hashes, CVEs) from a text or a file, defanged or not (built in, offline)',
    ['file', 'other', 'mail-subject', 'filename', 'uri_path', 'user-agent'],
    iocExtractAnalyzer,
  ),
  make(
    'Propolis_EmlParser',
    'Parse a mail message (EML, or MSG): headers, Received chain, SPF/DKIM/DMARC results, links, attachments as artifacts (built in, offline)',
    ['file'],
    mailParseAnalyzer,
  ),
  make(
    'Propolis_MsgParser',
    'Parse an Outlook message (MSG): fields, transport headers and Received chain, links, attachments as artifacts (built in, offline)',
    ['file'],
    mailParseAnalyzer,
  ),
  make(
    'Propolis_IpClass',
    'Classify an IP address: private, loopback, reserved, documentation... or public (built in, offline)',
    ['ip'],
    ipClassAnalyzer,
  ),
  make(
    'Propolis_UrlParse',
    'Parse a URL or domain: host, punycode, IP host, credentials, defanged form (built in, offline)',
    ['url', 'domain', 'fqdn'],
    urlParseAnalyzer,
  ),
];

/** The local list lookup reads the operator's lists (`analysis.listPaths`). */
export const listLookupDefinition = (paths: () => readonly string[]): WorkerDefinition =>
  make(
    'Propolis_ListLookup',
    'Look a hash, domain, IP, URL, mail or file up in local lists: MISP warninglists, CSV or text files (built in, offline)',
    ['ip', 'domain', 'fqdn', 'hostname', 'url', 'mail', 'hash', 'filename', 'other', 'file'],
    listLookupAnalyzer(paths),
  );

/** GeoIP: the bundled country database, and the operator's MMDB files (`analysis.geoipDatabases`). */
export const geoIpDefinition = (databases: () => readonly string[]): WorkerDefinition =>
  make(
    'Propolis_GeoIp',
    'Country of an IP address from a bundled database, with city and ASN from MaxMind-format databases you add (built in, offline)',
    ['ip'],
    geoIpAnalyzer(databases),
  );

/** YARA: the operator's rules (`analysis.yaraRulePaths`), with Debian's yara program. */
export const yaraDefinition = (paths: () => readonly string[]): WorkerDefinition =>
  make(
    'Propolis_Yara',
    "Match a file against your YARA rules (analysis.yaraRulePaths) with Debian's yara (built in, offline)",
    ['file'],
    yaraAnalyzer(paths),
  );

const THEHIVE_TYPES = [
  'thehive:case',
  'thehive:case_task',
  'thehive:case_task_log',
  'thehive:alert',
  'thehive:case_artifact',
];

export const BUILTIN_RESPONDERS: readonly WorkerDefinition[] = [
  {
    ...base,
    type: 'responder',
    id: 'Propolis_Webhook_1_0',
    name: 'Propolis_Webhook',
    description:
      'Call a webhook (HTTP POST of the object as JSON), then optionally tag the object (built in)',
    dataTypeList: THEHIVE_TYPES,
    baseConfig: 'Propolis_Webhook',
    configurationItems: [
      { name: 'url', description: 'URL to POST to', type: 'string', multi: false, required: true },
      {
        name: 'authorization',
        description: 'Authorization header value',
        type: 'string',
        multi: false,
        required: false,
      },
      {
        name: 'tag',
        description: 'Tag added to the object once called',
        type: 'string',
        multi: false,
        required: false,
      },
      {
        name: 'timeout_seconds',
        description: 'Timeout of the call',
        type: 'number',
        multi: false,
        required: false,
        defaultValue: 30,
      },
    ],
    builtin: webhookResponder,
  },
  {
    ...base,
    type: 'responder',
    id: 'Propolis_Mailer_1_0',
    name: 'Propolis_Mailer',
    description:
      'Mail the object (with its analyzer reports) to recipients through an SMTP server (built in)',
    dataTypeList: THEHIVE_TYPES,
    baseConfig: 'Propolis_Mailer',
    configurationItems: [
      { name: 'smtp_host', description: 'SMTP server', type: 'string', multi: false, required: true },
      {
        name: 'smtp_port',
        description: 'SMTP port',
        type: 'number',
        multi: false,
        required: false,
        defaultValue: 25,
      },
      {
        name: 'smtp_secure',
        description: 'TLS from the start (port 465)',
        type: 'boolean',
        multi: false,
        required: false,
        defaultValue: false,
      },
      { name: 'smtp_user', description: 'SMTP login', type: 'string', multi: false, required: false },
      { name: 'smtp_password', description: 'SMTP password', type: 'string', multi: false, required: false },
      { name: 'from', description: 'Sender address', type: 'string', multi: false, required: true },
      { name: 'to', description: 'Recipients', type: 'string', multi: true, required: true },
    ],
    builtin: mailResponder,
  },
];
