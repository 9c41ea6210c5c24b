/**
 * File information: hashes (MD5, SHA-1, SHA-256, SHA-512), size, type by content (`file-type`'s
 * signatures, then a small table of our own for what it leaves out: scripts, HTML, mail, LNK),
 * Shannon entropy (packed or encrypted content is close to 8 bits per byte), the headers and
 * sections of Windows PE files (`pe-library`) and the EXIF metadata of images (`exifreader`).
 */
import { createHash } from 'node:crypto';
import { type BuiltinWorker, report, taxonomy } from './builtin.js';
import { entropy } from './entropy.js';
import { exifOf } from './exif-info.js';
import { peInfo } from './pe-info.js';

export { entropy };

const SIGNATURES: Array<{ type: string; mime: string; test: (b: Buffer) => boolean }> = [
  {
    type: 'PE executable',
    mime: 'application/vnd.microsoft.portable-executable',
    test: (b) => b.subarray(0, 2).toString('latin1') === 'MZ',
  },
  {
    type: 'ELF executable',
    mime: 'application/x-elf',
    test: (b) => b.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46])),
  },
  {
    type: 'Mach-O executable',
    mime: 'application/x-mach-binary',
    test: (b) => ['feedface', 'feedfacf', 'cefaedfe', 'cffaedfe'].includes(b.subarray(0, 4).toString('hex')),
  },
  {
    type: 'PDF document',
    mime: 'application/pdf',
    test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
  },
  {
    type: 'ZIP archive (or Office Open XML, JAR, APK)',
    mime: 'application/zip',
    test: (b) => b.subarray(0, 4).toString('hex') === '504b0304',
  },
  {
    type: 'OLE2 compound file (Office 97-2003, MSG)',
    mime: 'application/x-ole-storage',
    test: (b) => b.subarray(0, 8).toString('hex') === 'd0cf11e0a1b11ae1',
  },
  {
    type: 'RAR archive',
    mime: 'application/vnd.rar',
    test: (b) => b.subarray(0, 4).toString('latin1') === 'Rar!',
  },
  {
    type: '7-Zip archive',
    mime: 'application/x-7z-compressed',
    test: (b) => b.subarray(0, 6).toString('hex') === '377abcaf271c',
  },
  {
    type: 'gzip compressed data',
    mime: 'application/gzip',
    test: (b) => b.subarray(0, 2).toString('hex') === '1f8b',
  },
  {
    type: 'PNG image',
    mime: 'image/png',
    test: (b) => b.subarray(0, 8).toString('hex') === '89504e470d0a1a0a',
  },
  { type: 'JPEG image', mime: 'image/jpeg', test: (b) => b.subarray(0, 3).toString('hex') === 'ffd8ff' },
  {
    type: 'GIF image',
    mime: 'image/gif',
    test: (b) => /^GIF8[79]a/.test(b.subarray(0, 6).toString('latin1')),
  },
  {
    type: 'Windows shortcut (LNK)',
    mime: 'application/x-ms-shortcut',
    test: (b) => b.subarray(0, 4).toString('hex') === '4c000000',
  },
  {
    type: 'RTF document',
    mime: 'application/rtf',
    test: (b) => b.subarray(0, 5).toString('latin1') === '{\\rtf',
  },
  {
    type: 'shell script',
    mime: 'text/x-shellscript',
    test: (b) => b.subarray(0, 2).toString('latin1') === '#!',
  },
  {
    type: 'HTML document',
    mime: 'text/html',
    test: (b) => /^\s*(<!doctype html|<html)/i.test(b.subarray(0, 64).toString('latin1')),
  },
  {
    type: 'e-mail message',
    mime: 'message/rfc822',
    test: (b) =>
      /^(Received|Return-Path|From|Delivered-To|MIME-Version|Message-ID):/im.test(
        b.subarray(0, 512).toString('latin1'),
      ),
  },
];

export function fileType(bytes: Buffer): { type: string; mime: string } {
  const found = SIGNATURES.find((s) => s.test(bytes));
  if (found) return { type: found.type, mime: found.mime };
  const sample = bytes.subarray(0, 4096);
  const text =
    sample.length > 0 && !sample.includes(0) && Buffer.from(sample.toString('utf8'), 'utf8').equals(sample);
  return text ? { type: 'text', mime: 'text/plain' } : { type: 'data', mime: 'application/octet-stream' };
}

/** The type of a file: file-type's answer when it has one, our table's otherwise. */
export async function detectType(bytes: Buffer): Promise<{ type: string; mime: string; extension?: string }> {
  const table = fileType(bytes);
  const { fileTypeFromBuffer } = await import('file-type');
  const found = await fileTypeFromBuffer(bytes).catch(() => undefined);
  if (!found) return table;
  const known = table.type !== 'text' && table.type !== 'data';
  return {
    type: known ? table.type : `${found.ext.toUpperCase()} file`,
    mime: found.mime,
    extension: found.ext,
  };
}

const EXECUTABLE_MIMES = new Set([
  'application/x-msdownload',
  'application/vnd.microsoft.portable-executable',
  'application/x-elf',
  'application/x-mach-binary',
]);

export const fileInfoAnalyzer: BuiltinWorker = async ({ input, file }) => {
  if (!file) return { success: false, errorMessage: 'FileInfo runs on file observables', input };
  const bytes = file.bytes;
  const hash = (algorithm: string) => createHash(algorithm).update(bytes).digest('hex');
  const type = await detectType(bytes);
  const h = entropy(bytes);
  const pe = bytes.subarray(0, 2).toString('latin1') === 'MZ' ? await peInfo(bytes) : undefined;
  const exif = type.mime.startsWith('image/') ? await exifOf(bytes) : undefined;
  const full = {
    filename: file.filename,
    contentType: file.contentType,
    size: bytes.length,
    md5: hash('md5'),
    sha1: hash('sha1'),
    sha256: hash('sha256'),
    sha512: hash('sha512'),
    type: type.type,
    mime: type.mime,
    ...(type.extension ? { extension: type.extension } : {}),
    entropy: h,
    ...(pe ? { pe } : {}),
    ...(exif ? { exif } : {}),
  };
  const taxonomies = [
    taxonomy('info', 'FileInfo', 'Filetype', type.type),
    taxonomy('info', 'FileInfo', 'Size', `${bytes.length} bytes`),
    taxonomy(h > 7.2 ? 'suspicious' : 'info', 'FileInfo', 'Entropy', h.toFixed(2)),
  ];
  const executable = /executable/.test(type.type) || EXECUTABLE_MIMES.has(type.mime);
  if (executable) taxonomies.push(taxonomy('suspicious', 'FileInfo', 'Executable', 'yes'));
  if (pe && 'machine' in pe) {
    taxonomies.push(taxonomy('info', 'PE', 'Machine', pe.machine));
    if (pe.suspiciousSections.length > 0)
      taxonomies.push(taxonomy('suspicious', 'PE', 'Sections', pe.suspiciousSections.join(', ')));
  }
  if (exif && Object.keys(exif).length > 0) {
    taxonomies.push(taxonomy('info', 'EXIF', 'Tags', Object.keys(exif).length));
    if (exif.GPSLatitude !== undefined) taxonomies.push(taxonomy('info', 'EXIF', 'GPS', 'present'));
  }
  return report(full, taxonomies, [
    { dataType: 'hash', data: full.sha256, tags: ['sha256'] },
    { dataType: 'hash', data: full.md5, tags: ['md5'] },
  ]);
};
