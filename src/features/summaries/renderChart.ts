import type * as ResvgModule from '@resvg/resvg-js';

import { CHART_FONT_FAMILY } from './chart';

let resvgModule: typeof ResvgModule | undefined;

/** resvg is a native addon only the weekly chart needs: it loads on the first render, not at start. */
function loadResvg(): typeof ResvgModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  resvgModule ??= require('@resvg/resvg-js') as typeof ResvgModule;
  return resvgModule;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Where the chart's font comes from: Debian's fonts-dejavu-core, installed in the Docker image's
 * runtime stage and by .ci/run. System fonts are not searched, so every machine draws the same glyphs,
 * and only the two faces the chart uses are read (a whole font folder took most of the render time).
 */
export interface ChartFonts {
  fontFiles: string[];
}

const DEJAVU = '/usr/share/fonts/truetype/dejavu';
export const CHART_FONTS: ChartFonts = { fontFiles: [`${DEJAVU}/DejaVuSans.ttf`, `${DEJAVU}/DejaVuSans-Bold.ttf`] };

function rasterise(svg: string, fonts: ChartFonts): ResvgModule.RenderedImage {
  const resvg = new (loadResvg().Resvg)(svg, {
    fitTo: { mode: 'original' },
    font: { loadSystemFonts: false, fontFiles: fonts.fontFiles, defaultFontFamily: CHART_FONT_FAMILY, sansSerifFamily: CHART_FONT_FAMILY },
  });
  return resvg.render();
}

/** Rasterises an SVG to PNG on the server, with the text in DejaVu Sans from `fonts`. */
export function renderPng(svg: string, fonts: ChartFonts = CHART_FONTS): Buffer {
  return Buffer.from(rasterise(svg, fonts).asPng());
}

/** The same rendering as raw RGBA pixels, for checking what was drawn where. */
export function renderRgba(svg: string, fonts: ChartFonts = CHART_FONTS): { width: number; height: number; pixels: Buffer } {
  const image = rasterise(svg, fonts);
  return { width: image.width, height: image.height, pixels: Buffer.from(image.pixels) };
}

/** Width and height from a PNG's IHDR chunk; undefined when the bytes are not a PNG. */
export function pngSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length < 24 || !bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return undefined;
  if (bytes.toString('ascii', 12, 16) !== 'IHDR') return undefined;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}
