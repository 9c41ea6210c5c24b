/** A QR code drawn as SVG in the page (no image request); loaded on demand with the qrcode library. */
import { qrPath } from './qr';

export function QrCode({ text, label, pixels = 200 }: { text: string; label: string; pixels?: number }) {
  const { size, d } = qrPath(text);
  const side = size + 8;
  return (
    <svg
      xmlns="http://www.w3.org/2000/svg"
      role="img"
      aria-label={label}
      width={pixels}
      height={pixels}
      viewBox={`-4 -4 ${side} ${side}`}
      shapeRendering="crispEdges"
      data-testid="qr-code"
      style={{ background: '#fff', display: 'block' }}
    >
      <path d={d} fill="#000" />
    </svg>
  );
}
