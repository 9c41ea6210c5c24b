/**
 * One syslog message read into named parts, whichever of the formats senders use: RFC 5424,
 * RFC 3164 (BSD) and ArcSight CEF (alone or behind a syslog header). Parsing is nsyslog-parser's;
 * this module gives its result the shape the mappings see and documents.
 */
import parse from 'nsyslog-parser';

export interface SyslogMessage {
  format: 'RFC5424' | 'RFC3164' | 'CEF' | 'text';
  /** Facility name (`auth`, `local0` ...), when the message has a priority. */
  facility?: string;
  /** 0 (emergency) to 7 (debug), when the message has a priority. */
  severity?: number;
  severityName?: string;
  /** Epoch milliseconds from the message's timestamp, else the time it was received. */
  date: number;
  host: string;
  appName?: string;
  procId?: string;
  msgId?: string;
  /** RFC 5424 structured data: SD-ID → parameters. */
  structuredData: Record<string, Record<string, string>>;
  /** CEF header fields (deviceVendor, deviceProduct, name, severity ...), for CEF messages. */
  cef?: Record<string, string>;
  /** CEF extension fields (src, dst, suser ...). */
  fields: Record<string, string>;
  message: string;
  /** The message as received. */
  raw: string;
  /** Address of the sender (the UDP or TCP peer). */
  sender: string;
}

const FORMATS: Record<string, SyslogMessage['format']> = { RFC5424: 'RFC5424', BSD: 'RFC3164', CEF: 'CEF' };

export function parseSyslog(raw: string, sender: string, receivedAt = Date.now()): SyslogMessage {
  const p = parse(raw);
  const stamp =
    p.ts instanceof Date ? p.ts.getTime() : typeof p.ts === 'string' ? Date.parse(p.ts) : Number.NaN;
  const hasPri = typeof p.prival === 'number';
  const structuredData: SyslogMessage['structuredData'] = {};
  for (const sd of p.structuredData ?? []) {
    const { $id, ...params } = sd;
    if ($id) structuredData[$id] = params;
  }
  const dash = (v: string | undefined) => (v === undefined || v === '' || v === '-' ? undefined : v);
  return {
    format: FORMATS[p.type] ?? 'text',
    facility: hasPri ? p.facility : undefined,
    severity: hasPri ? p.levelval : undefined,
    severityName: hasPri ? p.level : undefined,
    // A BSD timestamp has no year and no zone: the parser assumes this year, in UTC.
    date: p.type !== 'CEF' && Number.isFinite(stamp) ? stamp : receivedAt,
    host: dash(p.host) ?? sender,
    appName: dash(p.appName),
    procId: dash(p.pid),
    msgId: dash(p.messageid),
    structuredData,
    cef: p.cef,
    fields: p.fields && !Array.isArray(p.fields) ? p.fields : {},
    message: p.message ?? raw,
    raw,
    sender,
  };
}
