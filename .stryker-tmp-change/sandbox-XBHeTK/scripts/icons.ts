/** `node --import tsx scripts/icons.ts`: redraw appPackage/color.png and outline.png (see appPackage/icons.ts). */
// @ts-nocheck

import { writeFileSync } from 'node:fs';
import { drawColorIcon, drawOutlineIcon } from './appPackage/icons.ts';

const packageDir = new URL('../appPackage/', import.meta.url);
writeFileSync(new URL('color.png', packageDir), drawColorIcon());
writeFileSync(new URL('outline.png', packageDir), drawOutlineIcon());
process.stdout.write('Wrote appPackage/color.png and appPackage/outline.png\n');
