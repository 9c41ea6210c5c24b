/**
 * File information: hashes (MD5, SHA-1, SHA-256, SHA-512), size, type recognised from the first
 * bytes (a small table of common formats), and Shannon entropy (packed or encrypted content is
 * close to 8 bits per byte).
 */
import { createHash } from 'node:crypto';
import { type BuiltinWorker, report, taxonomy } from './builtin.js';

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

export function entropy(bytes: Buffer): number {
  if (bytes.length === 0) return 0;
  const counts = new Array<number>(256).fill(0);
  for (const b of bytes) counts[b]!++;
  let h = 0;
  for (const c of counts) {
    if (c === 0) continue;
    const p = c / bytes.length;
    h -= p * Math.log2(p);
  }
  return Math.round(h * 1000) / 1000;
}

export const fileInfoAnalyzer: BuiltinWorker = ({ input, file }) => {
  if (!file) return { success: false, errorMessage: 'FileInfo runs on file observables', input };
  const bytes = file.bytes;
  const hash = (algorithm: string) => createHash(algorithm).update(bytes).digest('hex');
  const type = fileType(bytes);
  const h = entropy(bytes);
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
    entropy: h,
  };
  const taxonomies = [
    taxonomy('info', 'FileInfo', 'Filetype', type.type),
    taxonomy('info', 'FileInfo', 'Size', `${bytes.length} bytes`),
    taxonomy(h > 7.2 ? 'suspicious' : 'info', 'FileInfo', 'Entropy', h.toFixed(2)),
  ];
  const executable = /executable/.test(type.type);
  if (executable) taxonomies.push(taxonomy('suspicious', 'FileInfo', 'Executable', 'yes'));
  return report(full, taxonomies, [
    { dataType: 'hash', data: full.sha256, tags: ['sha256'] },
    { dataType: 'hash', data: full.md5, tags: ['md5'] },
  ]);
};
