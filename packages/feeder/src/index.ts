/**
 * @propolis/feeder: incident sources turned into alert drafts. It knows nothing of the platform's
 * storage: the server runs the sources, stores the drafts as alerts and keeps the cursors.
 */
export * from './alert-draft.js';
export * from './create-source.js';
export { extractObservables } from './extract/observables.js';
export * from './feeder-definition.js';
export { FED_KEYWORD } from './mail/imap-source.js';
export { MailError, mailToDraft } from './mail/mail-to-draft.js';
export { OutlookMessageError, readOutlookMessage } from './mail/outlook-message.js';
export * from './runtime.js';
export { mapEveRecords, suricataSeverity } from './suricata/eve-mapping.js';
export { isTailCursor, readNext, type TailCursor } from './tail/json-lines-tail.js';
export { mapWazuhAlert, wazuhSeverity } from './wazuh/wazuh-mapping.js';
export {
  type CompiledMapping,
  compileMapping,
  evaluateExpression,
  MappingError,
} from './webhook/jsonata-mapping.js';
