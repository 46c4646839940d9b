import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { writeWhole } from '../src/store/write-whole.ts';

describe('writeWhole', () => {
  afterEach(() => vi.restoreAllMocks());

  it('writes every byte when the system writes less than asked at a time', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-write-whole-'));
    const file = path.join(dir, 'cache.bin');
    const data = Buffer.from('0123456789'.repeat(1000), 'utf8');
    const real = fs.writeSync.bind(fs) as (fd: number, b: Uint8Array, o: number, l: number) => number;
    // A short write(2), as Linux does past about 2 GB: at most 777 bytes a call.
    const short = (fd: number, b: Uint8Array, o?: unknown, l?: unknown): number => {
      const at = typeof o === 'number' ? o : 0;
      return real(fd, b, at, Math.min(typeof l === 'number' ? l : b.length - at, 777));
    };
    vi.spyOn(fs, 'writeSync').mockImplementation(short as typeof fs.writeSync);
    writeWhole(file, data);
    vi.restoreAllMocks();
    expect(fs.readFileSync(file).equals(data)).toBe(true);
    writeWhole(file, 'é'.repeat(5000));
    expect(fs.readFileSync(file, 'utf8')).toBe('é'.repeat(5000));
    expect(fs.readdirSync(dir)).toEqual(['cache.bin']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes pieces in order as they come, and leaves the old file when making a piece fails', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-write-whole-'));
    const file = path.join(dir, 'cache.bin');
    function* pieces(fail: boolean): Generator<Uint8Array> {
      yield Buffer.from('head\n', 'utf8');
      for (let i = 0; i < 3; i++) yield Buffer.from(`part ${i}\n`, 'utf8');
      if (fail) throw new Error('encoding failed');
    }
    writeWhole(file, pieces(false));
    expect(fs.readFileSync(file, 'utf8')).toBe('head\npart 0\npart 1\npart 2\n');
    expect(() => writeWhole(file, pieces(true))).toThrow('encoding failed');
    // The file is the one written before, whole, and no temporary file is left beside it.
    expect(fs.readFileSync(file, 'utf8')).toBe('head\npart 0\npart 1\npart 2\n');
    expect(fs.readdirSync(dir)).toEqual(['cache.bin']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a refused rename (a folder where the file goes) says why and leaves no temporary file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'attache-write-whole-'));
    const file = path.join(dir, 'cache.bin');
    fs.mkdirSync(file);
    fs.writeFileSync(path.join(file, 'inside'), 'x');
    expect(() => writeWhole(file, 'data')).toThrow(/EISDIR|ENOTEMPTY|EEXIST/);
    expect(fs.readdirSync(dir)).toEqual(['cache.bin']);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
