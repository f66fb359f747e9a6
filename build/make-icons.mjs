// Draws every icon the app ships — the tray's four states (停止中 / 稼働中 / 実行中 / エラーあり) for
// Windows light and dark task bars, macOS template images and Linux, plus the application icon (PNG
// and a multi-size ICO) — with nothing but Node (zlib for PNG), so the pictures are reproducible from
// this source. Run: `node build/make-icons.mjs` (writes resources/icons/ and build/icon.*).
//
// The picture: a sheet of paper with text lines (明細) and a round status badge at the lower right.
// Colour tells the state on Windows and Linux; on macOS the menu bar wants black-and-alpha "template"
// images, so there the badge's inner glyph alone tells the state (■ stopped, ✓ active, ↑ running, ! error).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

// ---------------------------------------------------------------- PNG / ICO encoding

const CRC_TABLE = new Uint32Array(256).map((_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buf) {
  let c = 0xffffffff;
  for (const b of buf) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** RGBA (straight alpha) → PNG bytes. */
export function encodePng(width, height, rgba) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    rgba.copy(raw, y * (width * 4 + 1) + 1, y * width * 4, (y + 1) * width * 4);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** PNG-compressed ICO (Windows Vista and later read PNG entries). */
export function encodeIco(images) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(images.length, 4);
  const dir = Buffer.alloc(16 * images.length);
  let offset = 6 + dir.length;
  images.forEach(({ size, png }, i) => {
    const e = i * 16;
    dir[e] = size >= 256 ? 0 : size;
    dir[e + 1] = size >= 256 ? 0 : size;
    dir.writeUInt16LE(1, e + 4); // planes
    dir.writeUInt16LE(32, e + 6); // bpp
    dir.writeUInt32LE(png.length, e + 8);
    dir.writeUInt32LE(offset, e + 12);
    offset += png.length;
  });
  return Buffer.concat([header, dir, ...images.map((i) => i.png)]);
}

// ---------------------------------------------------------------- shapes (unit square, y down)

const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= x0 && x <= x1 && y >= y0 && y <= y1;
};
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const rect = (x0, y0, x1, y1) => (x, y) => x >= x0 && x <= x1 && y >= y0 && y <= y1;
/** A thick line segment (capsule). */
const segment = (ax, ay, bx, by, w) => (x, y) => {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return (x - ax - t * dx) ** 2 + (y - ay - t * dy) ** 2 <= (w / 2) ** 2;
};
const union = (...fs) => (x, y) => fs.some((f) => f(x, y));
const polygon = (pts) => (x, y) => {
  let inside = false;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i];
    const [xj, yj] = pts[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
};

/** The glyph inside the badge, centred on (cx, cy) with badge radius r. */
function badgeGlyph(state, cx, cy, r) {
  const s = r;
  switch (state) {
    case 'stopped':
      return rect(cx - 0.42 * s, cy - 0.42 * s, cx + 0.42 * s, cy + 0.42 * s);
    case 'active':
      return union(segment(cx - 0.5 * s, cy + 0.02 * s, cx - 0.12 * s, cy + 0.4 * s, 0.3 * s), segment(cx - 0.12 * s, cy + 0.4 * s, cx + 0.52 * s, cy - 0.38 * s, 0.3 * s));
    case 'running':
      return union(
        polygon([[cx, cy - 0.62 * s], [cx + 0.55 * s, cy - 0.02 * s], [cx - 0.55 * s, cy - 0.02 * s]]),
        rect(cx - 0.17 * s, cy - 0.1 * s, cx + 0.17 * s, cy + 0.6 * s),
      );
    case 'error':
      return union(roundRect(cx - 0.15 * s, cy - 0.62 * s, cx + 0.15 * s, cy + 0.18 * s, 0.1 * s), circle(cx, cy + 0.45 * s, 0.16 * s));
    default:
      throw new Error(state);
  }
}

const STATE_COLOURS = {
  stopped: [0x80, 0x86, 0x8b],
  active: [0x1e, 0x8e, 0x3e],
  running: [0x1a, 0x73, 0xe8],
  error: [0xd9, 0x30, 0x25],
};

/**
 * The tray picture as layers: [test, colour|null]; null erases (cut-outs stay transparent so the
 * task bar shows through, which keeps the shapes readable at 16 px).
 */
function trayLayers(state, ink, template) {
  const doc = roundRect(0.1, 0.04, 0.7, 0.9, 0.08);
  const lines = union(rect(0.21, 0.22, 0.58, 0.3), rect(0.21, 0.4, 0.58, 0.48), rect(0.21, 0.58, 0.4, 0.66));
  const [bx, by, br] = [0.7, 0.7, 0.28];
  const gap = circle(bx, by, br + 0.07);
  const badge = circle(bx, by, br);
  const glyph = badgeGlyph(state, bx, by, br);
  const black = [0, 0, 0];
  return [
    [doc, template ? black : ink],
    [lines, null],
    [gap, null],
    [badge, template ? black : STATE_COLOURS[state]],
    [glyph, template ? null : [0xff, 0xff, 0xff]],
  ];
}

function appLayers() {
  const bg = roundRect(0.04, 0.04, 0.96, 0.96, 0.2);
  const doc = roundRect(0.24, 0.14, 0.7, 0.82, 0.05);
  const lines = union(rect(0.32, 0.28, 0.62, 0.33), rect(0.32, 0.4, 0.62, 0.45), rect(0.32, 0.52, 0.5, 0.57));
  const [bx, by, br] = [0.7, 0.72, 0.19];
  return [
    [bg, [0x1a, 0x5f, 0xb4]],
    [doc, [0xff, 0xff, 0xff]],
    [lines, [0x1a, 0x5f, 0xb4]],
    [circle(bx, by, br + 0.035), [0x1a, 0x5f, 0xb4]],
    [circle(bx, by, br), [0x2e, 0xa0, 0x4f]],
    [badgeGlyph('running', bx, by, br), [0xff, 0xff, 0xff]],
  ];
}

/** Renders layers at `size` px with 4×4 supersampling per pixel. */
export function render(size, layers) {
  const out = Buffer.alloc(size * size * 4);
  const N = 4;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0, g = 0, b = 0, a = 0;
      for (let sy = 0; sy < N; sy++) {
        for (let sx = 0; sx < N; sx++) {
          const x = (px + (sx + 0.5) / N) / size;
          const y = (py + (sy + 0.5) / N) / size;
          let c = null;
          for (const [test, colour] of layers) if (test(x, y)) c = colour;
          if (c !== null) {
            r += c[0];
            g += c[1];
            b += c[2];
            a += 1;
          }
        }
      }
      const o = (py * size + px) * 4;
      if (a > 0) {
        out[o] = Math.round(r / a);
        out[o + 1] = Math.round(g / a);
        out[o + 2] = Math.round(b / a);
        out[o + 3] = Math.round((a / (N * N)) * 255);
      }
    }
  }
  return out;
}

function write(relPath, bytes) {
  const file = join(ROOT, relPath);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return relPath;
}

const png = (size, layers) => encodePng(size, size, render(size, layers));

export const TRAY_STATES = ['stopped', 'active', 'running', 'error'];

export function main() {
  const written = [];
  const dark = [0x20, 0x21, 0x24];
  const light = [0xf1, 0xf3, 0xf4];
  for (const state of TRAY_STATES) {
    // Windows: 16 px at 100 %, 32 px (@2x) at 200 %. "light" = for a light task bar (dark paper).
    for (const [theme, ink] of [['light', dark], ['dark', light]]) {
      written.push(write(`resources/icons/win/tray-${state}-${theme}.png`, png(16, trayLayers(state, ink, false))));
      written.push(write(`resources/icons/win/tray-${state}-${theme}@2x.png`, png(32, trayLayers(state, ink, false))));
    }
    // macOS: black + alpha template images; the menu bar tints them for light and dark itself.
    written.push(write(`resources/icons/mac/tray-${state}Template.png`, png(16, trayLayers(state, dark, true))));
    written.push(write(`resources/icons/mac/tray-${state}Template@2x.png`, png(32, trayLayers(state, dark, true))));
    // Linux: most panels are dark; 24 px with a 48 px @2x.
    written.push(write(`resources/icons/linux/tray-${state}.png`, png(24, trayLayers(state, light, false))));
    written.push(write(`resources/icons/linux/tray-${state}@2x.png`, png(48, trayLayers(state, light, false))));
  }
  written.push(write('build/icon.png', png(1024, appLayers())));
  written.push(write('resources/icons/icon.png', png(512, appLayers())));
  const icoSizes = [16, 24, 32, 48, 64, 128, 256];
  written.push(write('build/icon.ico', encodeIco(icoSizes.map((size) => ({ size, png: png(size, appLayers()) })))));
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of main()) console.log(f);
}
