/**
 * File info on real formats: a 64-bit PE program written by pe-library (its headers), a JPEG whose
 * EXIF segment is built here byte by byte (camera, software, GPS), and a truncated PE that is
 * reported, not fatal.
 */

import { describe, expect, it } from 'vitest';
import type { WorkerInput } from '../runner/worker-io.js';
import { fileInfoAnalyzer } from './file-info.js';
import { loadPeLibrary } from './pe-info.js';

const signal = new AbortController().signal;
const input: WorkerInput = { dataType: 'file', tlp: 2, pap: 2, message: '', parameters: {}, config: {} };
const run = async (filename: string, bytes: Buffer) => {
  const out = await fileInfoAnalyzer({
    input,
    file: { filename, contentType: 'application/octet-stream', bytes },
    signal,
  });
  if (!out.success) throw new Error(out.errorMessage);
  return out;
};

/** A TIFF/EXIF block: IFD0 with Make, Model, Software and a GPS IFD with a latitude. */
function jpegWithExif(): Buffer {
  const entries: Array<{ tag: number; type: number; count: number; value: Buffer }> = [];
  const ascii = (tag: number, text: string) =>
    entries.push({ tag, type: 2, count: text.length + 1, value: Buffer.from(`${text}\0`, 'latin1') });
  ascii(0x010f, 'Canon');
  ascii(0x0110, 'Canon EOS 5D');
  ascii(0x0131, 'Propolis test');
  // IFD0 (4 entries with the GPS pointer) at 8, values after it, the GPS IFD after them
  const ifd0Size = 2 + (entries.length + 1) * 12 + 4;
  let offset = 8 + ifd0Size;
  const values: Buffer[] = [];
  const ifd0 = Buffer.alloc(ifd0Size);
  ifd0.writeUInt16LE(entries.length + 1, 0);
  entries.forEach((e, i) => {
    const at = 2 + i * 12;
    ifd0.writeUInt16LE(e.tag, at);
    ifd0.writeUInt16LE(e.type, at + 2);
    ifd0.writeUInt32LE(e.count, at + 4);
    ifd0.writeUInt32LE(offset, at + 8);
    values.push(e.value);
    offset += e.value.length;
  });
  const gpsAt = offset;
  const gpsPointer = 2 + entries.length * 12;
  ifd0.writeUInt16LE(0x8825, gpsPointer);
  ifd0.writeUInt16LE(4, gpsPointer + 2);
  ifd0.writeUInt32LE(1, gpsPointer + 4);
  ifd0.writeUInt32LE(gpsAt, gpsPointer + 8);
  // GPS IFD: GPSLatitudeRef "N", GPSLatitude 48/1 51/1 0/1
  const gps = Buffer.alloc(2 + 2 * 12 + 4 + 24);
  gps.writeUInt16LE(2, 0);
  gps.writeUInt16LE(0x0001, 2);
  gps.writeUInt16LE(2, 4);
  gps.writeUInt32LE(2, 6);
  gps.write('N\0', 10, 'latin1');
  gps.writeUInt16LE(0x0002, 14);
  gps.writeUInt16LE(5, 16);
  gps.writeUInt32LE(3, 18);
  gps.writeUInt32LE(gpsAt + 2 + 24 + 4, 22);
  for (const [i, n] of [48, 1, 51, 1, 0, 1].entries()) gps.writeUInt32LE(n, 30 + i * 4);
  const tiff = Buffer.concat([Buffer.from('II*\0\x08\0\0\0', 'latin1'), ifd0, ...values, gps]);
  const app1Body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(app1Body.length + 2, 2);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), app1, app1Body, Buffer.from([0xff, 0xd9])]);
}

describe('Propolis_FileInfo on real formats', () => {
  it('reads the headers and sections of a PE program', async () => {
    const { NtExecutable } = await loadPeLibrary();
    const exe = NtExecutable.createEmpty(false, false);
    const bytes = Buffer.from(exe.generate());
    const out = await run('tool.exe', bytes);
    expect(out.full).toMatchObject({
      type: 'PE executable',
      mime: 'application/x-msdownload',
      pe: { machine: 'AMD64', is64bit: true, dll: false, signed: false },
    });
    const predicates = (out.summary.taxonomies as Array<{ namespace: string; predicate: string }>).map(
      (t) => `${t.namespace}:${t.predicate}`,
    );
    expect(predicates).toEqual(expect.arrayContaining(['FileInfo:Executable', 'PE:Machine']));
  });

  it('reports a truncated PE without failing', async () => {
    const out = await run('broken.exe', Buffer.from('MZ and nothing else of a PE'));
    expect(out.full).toMatchObject({
      type: 'PE executable',
      pe: { error: expect.stringMatching(/^not a readable PE/) },
    });
  });

  it('reads the EXIF metadata of a JPEG', async () => {
    const out = await run('photo.jpg', jpegWithExif());
    expect(out.full).toMatchObject({
      mime: 'image/jpeg',
      exif: {
        Make: 'Canon',
        Model: 'Canon EOS 5D',
        Software: 'Propolis test',
        GPSLatitudeRef: expect.any(String),
      },
    });
    expect(String((out.full.exif as Record<string, string>).GPSLatitude)).toMatch(/^48\.85/);
    expect(out.summary.taxonomies).toEqual(
      expect.arrayContaining([{ level: 'info', namespace: 'EXIF', predicate: 'GPS', value: 'present' }]),
    );
  });
});
