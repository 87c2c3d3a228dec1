import type * as ResvgModule from '@resvg/resvg-js';

let resvgModule: typeof ResvgModule | undefined;

/** resvg is a native addon only the weekly chart needs: it loads on the first render, not at start. */
function loadResvg(): typeof ResvgModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  resvgModule ??= require('@resvg/resvg-js') as typeof ResvgModule;
  return resvgModule;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Rasterises an SVG to PNG on the server. Text uses the system's fonts (DejaVu Sans when present);
 * on a system without any font resvg leaves text out and the shapes and colours still render.
 */
export function renderPng(svg: string): Buffer {
  const resvg = new (loadResvg().Resvg)(svg, {
    fitTo: { mode: 'original' },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  return Buffer.from(resvg.render().asPng());
}

/** Width and height from a PNG's IHDR chunk; undefined when the bytes are not a PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  if (bytes.toString('ascii', 12, 16) !== 'IHDR') return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
