/**
 * Reads an Outlook message (a `.msg` file, an OLE2 compound file per MS-OXMSG) with
 * @kenjiuno/msgreader: its fields, and its attachments with their bytes. Used by the mail feeder
 * (an attached .msg) and by the analysis engine's mail parser.
 *
 * Outlook stores some text as 8-bit strings in the code page the message names
 * (PidTagInternetCodepage or PidTagMessageCodepage, e.g. 1252), which the reader decodes as Latin-1
 * unless told otherwise: "email… " would read "email\u0085 ". The message is read in the code page
 * it names, else in Windows-1252 (Latin-1 with printable characters where Latin-1 has control codes
 * 0x80–0x9F, which no text holds: the safer reading for a Western Outlook's messages).
 */
import type { AttachmentData, FieldsData } from '@kenjiuno/msgreader';

type Reader = {
  parserConfig?: { ansiEncoding?: string };
  getFileData(): FieldsData;
  getAttachment(attachment: FieldsData): AttachmentData;
};
type MsgReaderClass = new (bytes: ArrayBuffer) => Reader;

export interface OutlookMessage {
  fields: FieldsData;
  attachments: Array<{ filename: string; contentType: string; content: Buffer }>;
}

export class OutlookMessageError extends Error {}

/** Code pages whose strings are not 8-bit ANSI text (UTF-16, UTF-8): nothing to redo. */
const NOT_ANSI = new Set([1200, 1201, 65001]);
const DEFAULT_CODEPAGE = '1252';

export async function readOutlookMessage(bytes: Buffer): Promise<OutlookMessage> {
  const module = await import('@kenjiuno/msgreader');
  // CommonJS: the class is the default export's default
  const MsgReader = ((module.default as unknown as { default?: unknown }).default ??
    module.default) as unknown as MsgReaderClass;
  const read = (ansiEncoding: string): { reader: Reader; fields: FieldsData } => {
    const reader = new MsgReader(new Uint8Array(bytes).buffer);
    reader.parserConfig = { ansiEncoding };
    return { reader, fields: reader.getFileData() };
  };
  let got: { reader: Reader; fields: FieldsData };
  try {
    got = read(DEFAULT_CODEPAGE);
  } catch (error) {
    throw new OutlookMessageError(`not an Outlook message: ${(error as Error).message}`);
  }
  if (got.fields.error) throw new OutlookMessageError(`not an Outlook message: ${got.fields.error}`);
  const codepage = got.fields.internetCodepage ?? got.fields.messageCodepage;
  if (codepage && !NOT_ANSI.has(codepage) && String(codepage) !== DEFAULT_CODEPAGE) {
    try {
      const again = read(String(codepage));
      if (!again.fields.error) got = again;
    } catch {
      // a code page the reader does not know: keep the first reading
    }
  }
  const { reader, fields } = got;
  const attachments = (fields.attachments ?? [])
    .filter((a) => !a.innerMsgContent)
    .map((a) => {
      const content = reader.getAttachment(a);
      return {
        filename: content.fileName || a.fileName || a.fileNameShort || '',
        contentType: a.attachMimeTag ?? 'application/octet-stream',
        content: Buffer.from(content.content),
      };
    });
  return { fields, attachments };
}
