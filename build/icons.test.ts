import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { allTrayIconFiles, TRAY_ICON_STATES, trayIconFile } from '../electron/main/tray/tray-icons.js';

const iconsDir = join(dirname(fileURLToPath(import.meta.url)), 'icons');

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** A strict little PNG reader: signature, chunk CRCs, IHDR, and the pixel data's size after inflating. */
function readPng(file: string): { width: number; height: number; opaquePixels: number; pixels: number } {
  const data = readFileSync(file);
  expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  const types: string[] = [];
  while (offset < data.length) {
    const length = data.readUInt32BE(offset);
    const type = data.subarray(offset + 4, offset + 8).toString('latin1');
    const body = data.subarray(offset + 8, offset + 8 + length);
    expect(data.readUInt32BE(offset + 8 + length), `${file} ${type} CRC`).toBe(
      crc32(data.subarray(offset + 4, offset + 8 + length)),
    );
    types.push(type);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      expect([...body.subarray(8, 13)]).toEqual([8, 6, 0, 0, 0]);
    }
    if (type === 'IDAT') idat.push(body);
    offset += 12 + length;
  }
  expect(types[0]).toBe('IHDR');
  expect(types.at(-1)).toBe('IEND');
  const raw = inflateSync(Buffer.concat(idat));
  expect(raw.length).toBe((width * 4 + 1) * height);
  let opaque = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) if ((raw[y * (width * 4 + 1) + 1 + x * 4 + 3] ?? 0) > 0) opaque++;
  }
  return { width, height, opaquePixels: opaque, pixels: width * height };
}

describe('generated icons', () => {
  it('has exactly the tray icons the app loads, at their sizes, and none blank', () => {
    const expected = allTrayIconFiles();
    expect(readdirSync(join(iconsDir, 'tray')).sort()).toEqual(expected.map((e) => e.file).sort());
    for (const { file, size } of expected) {
      const png = readPng(join(iconsDir, 'tray', file));
      expect([png.width, png.height], file).toEqual([size, size]);
      expect(png.opaquePixels / png.pixels, file).toBeGreaterThan(0.2);
      expect(png.opaquePixels, file).toBeLessThan(png.pixels);
    }
  });

  it('uses a template image on macOS and colour icons elsewhere for every state', () => {
    for (const state of TRAY_ICON_STATES) {
      expect(trayIconFile(state, 'darwin')).toMatch(/Template\.png$/);
      for (const platform of ['win32', 'linux'] as const) expect(trayIconFile(state, platform)).not.toMatch(/Template/);
    }
  });

  it('has the app icon at 1024 px and the Linux sizes up to 1024 px', () => {
    expect(readPng(join(iconsDir, 'icon.png'))).toMatchObject({ width: 1024, height: 1024 });
    for (const size of [16, 24, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(readPng(join(iconsDir, 'png', `${size}x${size}.png`))).toMatchObject({ width: size, height: size });
    }
  });
});
