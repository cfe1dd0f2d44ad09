// Draws Forgebell's icons (a bell) and writes them as PNG files, with no image library:
// a tiny rasterizer (shape tests, 4x4 supersampling) and a hand-written PNG encoder (zlib + CRC-32).
//   build/icons/icon.png                 app icon, 1024 px (macOS and Windows installers)
//   build/icons/png/NxN.png              Linux app icon sizes, 16 … 1024
//   build/icons/tray/tray-<state>…png    tray icons: macOS templates (16 + @2x), Windows colour
//                                        (16 + @2x), Linux colour (24 + @2x); states ok, activity,
//                                        degraded, error, paused
// Usage: node build/generate-icons.mjs   (the output is checked in; rerun after changing a drawing)
import { Buffer } from 'node:buffer';
import console from 'node:console';
import { mkdirSync, writeFileSync } from 'node:fs';
import process from 'node:process';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';

export const TRAY_STATES = ['ok', 'activity', 'degraded', 'error', 'paused'];
export const LINUX_APP_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

// ---------------------------------------------------------------- PNG encoder

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** RGBA8 pixels (row-major, straight alpha) → PNG file bytes. */
export function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0; // deflate
  ihdr[11] = 0; // adaptive filtering
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// ---------------------------------------------------------------- rasterizer

/** paint(u, v) → [r, g, b, a] for a point of the unit square (y down); averaged over s×s samples. */
export function render(size, paint, samples = 4) {
  const out = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const [cr, cg, cb, ca] = paint((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          r += cr * ca;
          g += cg * ca;
          b += cb * ca;
          a += ca;
        }
      }
      const i = (py * size + px) * 4;
      if (a > 0) {
        out[i] = Math.round(r / a);
        out[i + 1] = Math.round(g / a);
        out[i + 2] = Math.round(b / a);
      }
      out[i + 3] = Math.round(a / (samples * samples));
    }
  }
  return out;
}

// ---------------------------------------------------------------- shapes (unit square, y down)

const inCircle = (u, v, cx, cy, r) => (u - cx) ** 2 + (v - cy) ** 2 <= r * r;

function distToSegment(u, v, ax, ay, bx, by) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((u - ax) * dx + (v - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(u - (ax + t * dx), v - (ay + t * dy));
}

/** The bell: dome, flared skirt, rim, knob and clapper. */
function inBell(u, v) {
  if (inCircle(u, v, 0.5, 0.42, 0.25)) return true;
  if (v >= 0.42 && v <= 0.74 && Math.abs(u - 0.5) <= 0.25 + ((v - 0.42) / 0.32) * 0.1) return true;
  if (distToSegment(u, v, 0.17, 0.745, 0.83, 0.745) <= 0.05) return true;
  if (inCircle(u, v, 0.5, 0.15, 0.06)) return true;
  return inCircle(u, v, 0.5, 0.85, 0.085);
}

/** The bell grown by `d` (for outlines), by testing offsets around the point. */
function inBellGrown(u, v, d) {
  if (inBell(u, v)) return true;
  for (let k = 0; k < 12; k++) {
    const t = (k / 12) * Math.PI * 2;
    if (inBell(u + d * Math.cos(t), v + d * Math.sin(t))) return true;
  }
  return false;
}

const BADGE = { cx: 0.77, cy: 0.25, r: 0.2, gap: 0.28 };
const SLASH = { ax: 0.1, ay: 0.1, bx: 0.9, by: 0.9, w: 0.055, gap: 0.12 };

/** Badge marks per state; templates need shapes that differ without colour. */
function badgeShape(state, template) {
  switch (state) {
    case 'activity':
      return (u, v) => inCircle(u, v, BADGE.cx, BADGE.cy, BADGE.r);
    case 'degraded':
      return template
        ? (u, v) => inCircle(u, v, BADGE.cx, BADGE.cy, BADGE.r) && !inCircle(u, v, BADGE.cx, BADGE.cy, BADGE.r * 0.5)
        : (u, v) => inCircle(u, v, BADGE.cx, BADGE.cy, BADGE.r);
    case 'error':
      return template
        ? (u, v) => Math.abs(u - BADGE.cx) + Math.abs(v - BADGE.cy) <= BADGE.r * 1.15
        : (u, v) => inCircle(u, v, BADGE.cx, BADGE.cy, BADGE.r);
    default:
      return null;
  }
}

const COLOURS = {
  bell: [245, 184, 46],
  bellOutline: [122, 82, 0],
  grey: [156, 163, 175],
  greyOutline: [75, 85, 99],
  activity: [47, 129, 247],
  degraded: [249, 115, 22],
  error: [229, 72, 77],
  white: [255, 255, 255],
  black: [0, 0, 0],
};

/** Tray icon painter. `template`: black + alpha for the macOS menu bar; otherwise colour with an outline. */
export function trayPainter(state, template, size) {
  const badge = badgeShape(state, template);
  const paused = state === 'paused';
  const outline = Math.max(0.045, 1.1 / size);
  return (u, v) => {
    const inSlash = paused && distToSegment(u, v, SLASH.ax, SLASH.ay, SLASH.bx, SLASH.by) <= SLASH.w;
    const nearSlash = paused && distToSegment(u, v, SLASH.ax, SLASH.ay, SLASH.bx, SLASH.by) <= SLASH.gap;
    const inBadge = badge !== null && badge(u, v);
    const nearBadge = badge !== null && inCircle(u, v, BADGE.cx, BADGE.cy, BADGE.gap);
    if (template) {
      if (inSlash || inBadge) return [...COLOURS.black, 255];
      if (nearSlash || nearBadge) return [0, 0, 0, 0];
      return inBell(u, v) ? [...COLOURS.black, 255] : [0, 0, 0, 0];
    }
    if (inSlash) return [...COLOURS.greyOutline, 255];
    if (inBadge) {
      const ring = !inCircle(u, v, BADGE.cx, BADGE.cy, BADGE.r - outline);
      return ring ? [...COLOURS.white, 255] : [...COLOURS[state], 255];
    }
    if (nearSlash || nearBadge) return [0, 0, 0, 0];
    if (inBell(u, v)) return [...(paused ? COLOURS.grey : COLOURS.bell), 255];
    if (inBellGrown(u, v, outline)) return [...(paused ? COLOURS.greyOutline : COLOURS.bellOutline), 255];
    return [0, 0, 0, 0];
  };
}

/** App icon: a white bell on a blue rounded square with a vertical gradient. */
export function appIconPainter() {
  const radius = 0.2;
  const inset = 0.06;
  return (u, v) => {
    const x = Math.min(Math.max(u, inset + radius), 1 - inset - radius);
    const y = Math.min(Math.max(v, inset + radius), 1 - inset - radius);
    if (Math.hypot(u - x, v - y) > radius) return [0, 0, 0, 0];
    const bu = (u - 0.5) / 0.62 + 0.5;
    const bv = (v - 0.52) / 0.62 + 0.5;
    if (inBell(bu, bv)) return [...COLOURS.white, 255];
    const t = (v - inset) / (1 - 2 * inset);
    return [Math.round(47 - 24 * t), Math.round(111 - 46 * t), Math.round(235 - 69 * t), 255];
  };
}

// ---------------------------------------------------------------- files

/** Every tray file with its pixel size; must equal allTrayIconFiles() in electron/main/tray/tray-icons.ts (a test checks). */
export function trayIconSpecs() {
  const specs = [];
  for (const state of TRAY_STATES) {
    specs.push({ file: `tray-${state}Template.png`, size: 16, state, template: true });
    specs.push({ file: `tray-${state}Template@2x.png`, size: 32, state, template: true });
    specs.push({ file: `tray-${state}.png`, size: 16, state, template: false });
    specs.push({ file: `tray-${state}@2x.png`, size: 32, state, template: false });
    specs.push({ file: `tray-${state}-linux.png`, size: 24, state, template: false });
    specs.push({ file: `tray-${state}-linux@2x.png`, size: 48, state, template: false });
  }
  return specs;
}

export function generateIcons(outDir) {
  mkdirSync(join(outDir, 'tray'), { recursive: true });
  mkdirSync(join(outDir, 'png'), { recursive: true });
  const written = [];
  const write = (file, size, painter, samples) => {
    writeFileSync(join(outDir, file), encodePng(size, size, render(size, painter, samples)));
    written.push(file);
  };
  for (const spec of trayIconSpecs())
    write(join('tray', spec.file), spec.size, trayPainter(spec.state, spec.template, spec.size), 4);
  const app = appIconPainter();
  for (const size of LINUX_APP_SIZES) write(join('png', `${size}x${size}.png`), size, app, size >= 512 ? 2 : 4);
  write('icon.png', 1024, app, 2);
  return written;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const outDir = join(dirname(fileURLToPath(import.meta.url)), 'icons');
  const written = generateIcons(outDir);
  console.log(`Wrote ${written.length} icons to ${outDir}`);
}
