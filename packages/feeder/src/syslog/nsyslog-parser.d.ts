/** The parts of nsyslog-parser (plain JavaScript, no types of its own) that the syslog feeder reads. */
declare module 'nsyslog-parser' {
  interface ParsedSyslog {
    originalMessage: string;
    prival: number | null;
    facility?: string;
    level?: string;
    levelval?: number;
    type: 'RFC5424' | 'BSD' | 'CEF' | 'LEEF' | string;
    ts?: string | Date;
    host?: string;
    appName?: string;
    pid?: string;
    messageid?: string;
    message: string;
    structuredData?: Array<Record<string, string>>;
    cef?: Record<string, string>;
    fields?: Record<string, string> | unknown[];
  }
  function parse(line: string): ParsedSyslog;
  export = parse;
}
