import QRCode from 'qrcode';
import { useMemo } from 'react';

/**
 * A QR code drawn as SVG rectangles from the module matrix: no HTML or data URL built from data.
 */
export const QrCode = ({ value, size = 96, title }: { value: string; size?: number; title?: string }) => {
  const qr = useMemo(() => QRCode.create(value, { errorCorrectionLevel: 'M' }), [value]);
  const n = qr.modules.size;
  const cells: string[] = [];
  for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) if (qr.modules.get(y, x)) cells.push(`M${x + 2} ${y + 2}h1v1h-1z`);
  return (
    <svg width={size} height={size} viewBox={`0 0 ${n + 4} ${n + 4}`} role="img" aria-label={title ?? value} shapeRendering="crispEdges">
      <rect width={n + 4} height={n + 4} fill="#fff" />
      <path d={cells.join('')} fill="#000" />
    </svg>
  );
};
