// @ts-nocheck
import { PNG } from 'pngjs';

/** The app's accent colour (manifest `accentColor`), also the colour icon's background. */
export const ACCENT = { r: 0x4b, g: 0x53, b: 0xbc };
export const COLOR_SIZE = 192;
export const OUTLINE_SIZE = 32;
/** Teams draws the colour icon's symbol inside the central 120 × 120 pixels. */
const COLOR_SYMBOL = 120;
const SAMPLES = 4;

type Point = readonly [number, number];

/** A meeting-room display with a check mark, on a table: in a unit square, true where the symbol is. */
function inSymbol(x: number, y: number): boolean {
  const screen = roundedRect(x, y, [0.5, 0.36], [0.38, 0.22], 0.06);
  const stroke = 0.075;
  return (
    (screen <= 0 && screen >= -stroke) ||
    segment(x, y, [0.34, 0.37], [0.45, 0.47]) <= stroke / 2 ||
    segment(x, y, [0.45, 0.47], [0.66, 0.26]) <= stroke / 2 ||
    (x >= 0.46 && x <= 0.54 && y >= 0.58 && y <= 0.72) ||
    roundedRect(x, y, [0.5, 0.78], [0.42, 0.05], 0.05) <= 0
  );
}

/** Signed distance to a rounded rectangle (negative inside). */
function roundedRect(x: number, y: number, [cx, cy]: Point, [hx, hy]: Point, radius: number): number {
  const qx = Math.abs(x - cx) - (hx - radius);
  const qy = Math.abs(y - cy) - (hy - radius);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - radius;
}

/** Distance from a point to a line segment. */
function segment(x: number, y: number, [ax, ay]: Point, [bx, by]: Point): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

/** How much of pixel (px, py) the symbol covers (0..1), supersampled, with the symbol in [offset, offset + span). */
function coverage(px: number, py: number, offset: number, span: number): number {
  let hits = 0;
  for (let sy = 0; sy < SAMPLES; sy++) {
    for (let sx = 0; sx < SAMPLES; sx++) {
      const x = (px + (sx + 0.5) / SAMPLES - offset) / span;
      const y = (py + (sy + 0.5) / SAMPLES - offset) / span;
      if (x >= 0 && x <= 1 && y >= 0 && y <= 1 && inSymbol(x, y)) hits++;
    }
  }
  return hits / (SAMPLES * SAMPLES);
}

/** The 192 × 192 colour icon: a white symbol on the accent colour, fully opaque. */
export function drawColorIcon(): Buffer {
  const png = new PNG({ width: COLOR_SIZE, height: COLOR_SIZE });
  const offset = (COLOR_SIZE - COLOR_SYMBOL) / 2;
  for (let py = 0; py < COLOR_SIZE; py++) {
    for (let px = 0; px < COLOR_SIZE; px++) {
      const c = coverage(px, py, offset, COLOR_SYMBOL);
      const i = (py * COLOR_SIZE + px) * 4;
      png.data[i] = Math.round(ACCENT.r + (255 - ACCENT.r) * c);
      png.data[i + 1] = Math.round(ACCENT.g + (255 - ACCENT.g) * c);
      png.data[i + 2] = Math.round(ACCENT.b + (255 - ACCENT.b) * c);
      png.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(png);
}

/** The 32 × 32 outline icon: white pixels only, the symbol's edges anti-aliased through alpha, transparent elsewhere. */
export function drawOutlineIcon(): Buffer {
  const png = new PNG({ width: OUTLINE_SIZE, height: OUTLINE_SIZE });
  for (let py = 0; py < OUTLINE_SIZE; py++) {
    for (let px = 0; px < OUTLINE_SIZE; px++) {
      const i = (py * OUTLINE_SIZE + px) * 4;
      png.data[i] = 255;
      png.data[i + 1] = 255;
      png.data[i + 2] = 255;
      png.data[i + 3] = Math.round(255 * coverage(px, py, 1, OUTLINE_SIZE - 2));
    }
  }
  return PNG.sync.write(png);
}
