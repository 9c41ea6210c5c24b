/**
 * From a checked definition to what runs: a polling/listening source, or, for a webhook, the
 * mapping applied to each request the platform receives for it.
 */

import { hitMapper } from './elastic/elastic-mapping.js';
import { elasticSource } from './elastic/elastic-source.js';
import type { FeederDefinition } from './feeder-definition.js';
import { imapSource } from './mail/imap-source.js';
import { maildirSource } from './mail/maildir-source.js';
import type { Source } from './runtime.js';
import { mapEveRecords } from './suricata/eve-mapping.js';
import { syslogMapper } from './syslog/syslog-mapping.js';
import { syslogSource } from './syslog/syslog-source.js';
import { jsonLinesSource } from './tail/json-lines-source.js';
import { mapWazuhRecords } from './wazuh/wazuh-mapping.js';
import { type CompiledMapping, compileMapping } from './webhook/jsonata-mapping.js';

/** The source of a polling feeder; undefined for webhooks, which the platform feeds per request. */
export function createSource(def: FeederDefinition): Source | undefined {
  switch (def.kind) {
    case 'suricata':
      return jsonLinesSource(def.settings, (records) =>
        mapEveRecords(records, def.alert, def.settings.maxSeverity),
      );
    case 'wazuh':
      return jsonLinesSource(def.settings, (records) =>
        mapWazuhRecords(records, def.alert, def.settings.minLevel),
      );
    case 'imap':
      return imapSource(def.settings, def.alert, def.name);
    case 'elastic':
      return elasticSource(def.settings, hitMapper(def.settings.mapping, def.alert, def.name));
    case 'maildir':
      return maildirSource(def.settings, def.alert, def.name);
    case 'syslog':
      return syslogSource(def.settings, syslogMapper(def.settings.mapping, def.alert, def.name));
    case 'webhook':
      return undefined;
  }
}

/** A webhook feeder's mapping; the source defaults to the feeder's name. */
export function createWebhookMapping(def: FeederDefinition & { kind: 'webhook' }): CompiledMapping {
  return compileMapping(def.settings.mapping, { ...def.alert, source: def.alert.source ?? def.name });
}
