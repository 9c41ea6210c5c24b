/**
 * A QR code as one SVG path (the dark modules, one unit square each), drawn in the page from the text
 * alone: the otpauth secret never leaves the browser for an image service.
 */
import { create } from 'qrcode';

export interface QrPath {
  /** Modules per side (without the quiet zone). */
  size: number;
  /** SVG path data of the dark modules, in module units. */
  d: string;
}

export function qrPath(text: string): QrPath {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  const { size } = modules;
  const parts: string[] = [];
  for (let y = 0; y < size; y++) {
    let x = 0;
    while (x < size) {
      if (!modules.get(y, x)) {
        x++;
        continue;
      }
      const start = x;
      while (x < size && modules.get(y, x)) x++;
      parts.push(`M${start} ${y}h${x - start}v1h${start - x}z`);
    }
  }
  return { size, d: parts.join('') };
}
