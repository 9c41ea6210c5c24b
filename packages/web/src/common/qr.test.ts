import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { qrPath } from './qr';

/** Paints the path's unit squares (with a 4-module quiet zone, 4 pixels a module) as RGBA pixels. */
function paint(d: string, size: number) {
  const scale = 4;
  const side = (size + 8) * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  for (const m of d.matchAll(/M(\d+) (\d+)h(\d+)v1h-\d+z/g)) {
    const [x0, y, w] = [Number(m[1]), Number(m[2]), Number(m[3])];
    for (let x = x0; x < x0 + w; x++)
      for (let py = 0; py < scale; py++)
        for (let px = 0; px < scale; px++) {
          const i = (((y + 4) * scale + py) * side + (x + 4) * scale + px) * 4;
          pixels.fill(0, i, i + 3);
        }
  }
  return { pixels, side };
}

describe('qrPath', () => {
  it('draws a QR code that a reader decodes back to the otpauth URL', () => {
    const uri = 'otpauth://totp/Propolis:ana%40soc.test?secret=JBSWY3DPEHPK3PXPJBSWY3DP&issuer=Propolis';
    const { size, d } = qrPath(uri);
    expect((size - 17) % 4).toBe(0);
    const { pixels, side } = paint(d, size);
    expect(jsQR(pixels, side, side)?.data).toBe(uri);
  });

  it('grows with the text', () => {
    expect(qrPath('a'.repeat(300)).size).toBeGreaterThan(qrPath('a').size);
  });
});
