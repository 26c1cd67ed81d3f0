import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createFileOnce, writeFileAtomic } from '../../../cloud/local/files';
import { tempDir } from './support';

const folder = tempDir('files');
afterAll(() => folder.remove());
let n = 0;
const newDir = () => {
  const dir = join(folder.path, String(++n));
  mkdirSync(dir);
  return dir;
};

describe("the data folder's private files", () => {
  it('replaces a file with text or bytes, private to its owner, leaving nothing else behind', async () => {
    const dir = newDir();
    const path = join(dir, 'backup.bin');
    writeFileSync(path, 'old');
    const bytes = new Uint8Array([0, 1, 2, 255, 10, 13]);
    await writeFileAtomic(path, bytes);
    expect(new Uint8Array(readFileSync(path))).toEqual(bytes);
    await writeFileAtomic(join(dir, 'local.json'), '{"a":1}\n');
    expect(readFileSync(join(dir, 'local.json'), 'utf8')).toBe('{"a":1}\n');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir).sort()).toEqual(['backup.bin', 'local.json']);
  });

  it('leaves no file behind when the new one cannot take the name', async () => {
    const dir = newDir();
    mkdirSync(join(dir, 'taken'));
    writeFileSync(join(dir, 'taken', 'inside'), 'x');
    await expect(writeFileAtomic(join(dir, 'taken'), 'data')).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['taken']);
  });

  it('creates a file once: a second writer is told it was not first, and the first one stays', async () => {
    const dir = newDir();
    const path = join(dir, 'token-key.jwk.json');
    expect(await createFileOnce(path, 'first')).toBe(true);
    expect(await createFileOnce(path, 'second')).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('first');
    expect(readdirSync(dir)).toEqual(['token-key.jwk.json']);
  });
});
