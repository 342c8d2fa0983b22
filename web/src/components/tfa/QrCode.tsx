import { create } from 'qrcode';
import { useMemo } from 'react';

/** Quiet zone around the symbol, in modules (the QR specification asks for four). */
const QUIET_ZONE = 4;

/** The dark modules of `value`'s QR code as one SVG path, and the symbol's size in modules. */
export function qrPath(value: string): { size: number; d: string } {
  const { modules } = create(value, { errorCorrectionLevel: 'M' });
  const size = modules.size;
  let d = '';
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && modules.get(row, col)) col++;
      d += `M${start + QUIET_ZONE} ${row + QUIET_ZONE}h${col - start}v1h-${col - start}z`;
    }
  }
  return { size, d };
}

/**
 * A QR code drawn client-side as inline SVG (the secret never leaves the browser for an image
 * service). Always dark on white, whatever the theme: scanners need the contrast.
 */
export function QrCode({ value, label, testId, pixels = 200 }: { value: string; label: string; testId?: string; pixels?: number }) {
  const { size, d } = useMemo(() => qrPath(value), [value]);
  const extent = size + 2 * QUIET_ZONE;
  return (
    <svg
      className="qr-code"
      role="img"
      aria-label={label}
      data-testid={testId}
      width={pixels}
      height={pixels}
      viewBox={`0 0 ${extent} ${extent}`}
      shapeRendering="crispEdges"
      xmlns="http://www.w3.org/2000/svg"
    >
      <rect width={extent} height={extent} fill="#ffffff" />
      <path d={d} fill="#000000" />
    </svg>
  );
}
