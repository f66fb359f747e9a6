// The committed icon files are what build/make-icons.mjs draws: right sizes, macOS templates in
// black and alpha only (the menu bar tints them), an ICO with the sizes Windows asks for.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { trayIconFile } from './tray-icons';

const ICONS = join(import.meta.dirname, '..', '..', 'resources', 'icons');
const STATES = ['stopped', 'active', 'running', 'error'] as const;

/** Minimal PNG reader for the files our script writes (8-bit RGBA, filter 0). */
function readPng(file: string): { width: number; height: number; rgba: Buffer } {
  const b = readFileSync(file);
  expect(b.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < b.length) {
    const length = b.readUInt32BE(offset);
    const type = b.toString('ascii', offset + 4, offset + 8);
    const data = b.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 6]);
    }
    if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * 4 + 1)]).toBe(0);
    raw.copy(rgba, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, rgba };
}

describe('icon files', () => {
  it('have the sizes each platform uses, @2x included', () => {
    for (const state of STATES) {
      for (const [platform, size] of [['win32', 16], ['darwin', 16], ['linux', 24]] as const) {
        const file = trayIconFile(ICONS, platform, state, false);
        expect(readPng(file).width, file).toBe(size);
        expect(readPng(file.replace(/\.png$/, '@2x.png')).width).toBe(size * 2);
      }
      expect(readPng(trayIconFile(ICONS, 'win32', state, true)).height).toBe(16);
    }
    expect(readPng(join(ICONS, 'icon.png')).width).toBe(512);
    expect(readPng(join(import.meta.dirname, '..', '..', 'build', 'icon.png')).width).toBe(1024);
  });

  it('macOS templates are black and alpha only, and the four states differ', () => {
    const seen = new Set<string>();
    for (const state of STATES) {
      const { rgba } = readPng(trayIconFile(ICONS, 'darwin', state, false).replace(/\.png$/, '@2x.png'));
      for (let i = 0; i < rgba.length; i += 4) {
        if (rgba[i + 3]! > 0) expect([rgba[i], rgba[i + 1], rgba[i + 2]]).toEqual([0, 0, 0]);
      }
      seen.add(rgba.toString('base64'));
    }
    expect(seen.size).toBe(4);
  });

  it('Windows light and dark task bar variants differ', () => {
    for (const state of STATES) {
      const light = readPng(trayIconFile(ICONS, 'win32', state, false)).rgba;
      const dark = readPng(trayIconFile(ICONS, 'win32', state, true)).rgba;
      expect(light.equals(dark)).toBe(false);
    }
  });

  it('the ICO holds 16–256 px PNG images', () => {
    const ico = readFileSync(join(import.meta.dirname, '..', '..', 'build', 'icon.ico'));
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + i * 16] || 256);
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });
});
