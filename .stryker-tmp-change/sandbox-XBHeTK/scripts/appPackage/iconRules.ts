// @ts-nocheck
import { PNG } from 'pngjs';
import { COLOR_SIZE, OUTLINE_SIZE } from './icons.ts';

/**
 * What Teams requires of the two icons (manifest schema text and the store validation rules): the colour icon
 * is a 192 × 192 PNG, the outline icon a 32 × 32 PNG that is transparent except for white pixels.
 */
export function iconProblems(color: Buffer, outline: Buffer): string[] {
  const problems: string[] = [];
  const colorPng = decode(color, 'color.png', problems);
  if (colorPng && (colorPng.width !== COLOR_SIZE || colorPng.height !== COLOR_SIZE)) {
    problems.push(`color.png is ${colorPng.width}×${colorPng.height}, not ${COLOR_SIZE}×${COLOR_SIZE}`);
  }
  const outlinePng = decode(outline, 'outline.png', problems);
  if (!outlinePng) return problems;
  if (outlinePng.width !== OUTLINE_SIZE || outlinePng.height !== OUTLINE_SIZE) {
    problems.push(`outline.png is ${outlinePng.width}×${outlinePng.height}, not ${OUTLINE_SIZE}×${OUTLINE_SIZE}`);
  }
  let transparent = 0;
  let drawn = 0;
  let notWhite = 0;
  const { data } = outlinePng;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] === 0) {
      transparent++;
      continue;
    }
    drawn++;
    if (data[i] !== 255 || data[i + 1] !== 255 || data[i + 2] !== 255) notWhite++;
  }
  if (transparent === 0) problems.push('outline.png has no transparent pixels');
  if (drawn === 0) problems.push('outline.png is fully transparent');
  if (notWhite > 0) problems.push(`outline.png has ${notWhite} visible pixels that are not white`);
  return problems;
}

function decode(buffer: Buffer, name: string, problems: string[]): PNG | undefined {
  try {
    return PNG.sync.read(buffer);
  } catch (error) {
    problems.push(`${name} is not a readable PNG: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
}
