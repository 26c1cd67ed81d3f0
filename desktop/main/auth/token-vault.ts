/**
 * Keeps the cloud refresh token between runs, encrypted by the operating system's keychain
 * through Electron's safeStorage. Where no real keychain is available (Linux without a secret
 * service falls back to a fixed key), the token is kept in memory only: signing in again after a
 * restart is better than a token on disk that anyone can read.
 */
import { readFile, rm } from 'node:fs/promises';
import { writeFileAtomic } from '../../../cloud/local/files';

/** The encryption the vault needs (safeStorage's asynchronous API in the app). */
export interface Cipher {
  /** Whether encryption is backed by a real keychain. */
  available(): Promise<boolean>;
  encrypt(text: string): Promise<Buffer>;
  decrypt(data: Buffer): Promise<string>;
}

export interface TokenVault {
  load(): Promise<string | null>;
  save(refreshToken: string): Promise<void>;
  clear(): Promise<void>;
  /** Whether saved tokens survive a restart. */
  persistent(): Promise<boolean>;
}

/** A vault in `file`, encrypted with `cipher` when it is available. */
export const openTokenVault = (
  file: string,
  cipher: Cipher,
  log: (message: string) => void = () => undefined,
): TokenVault => {
  let memory: string | null = null;
  return {
    persistent: () => cipher.available(),
    async load() {
      if (memory !== null || !(await cipher.available())) return memory;
      try {
        memory = await cipher.decrypt(Buffer.from(await readFile(file, 'utf8'), 'base64'));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          log('the saved session could not be read; signing in again will replace it');
        }
      }
      return memory;
    },
    async save(refreshToken) {
      memory = refreshToken;
      if (!(await cipher.available())) return;
      const sealed = await cipher.encrypt(refreshToken);
      await writeFileAtomic(file, sealed.toString('base64'), 0o600);
    },
    async clear() {
      memory = null;
      await rm(file, { force: true });
    },
  };
};
