import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claimsOf, expiresSoon, sessionOf } from '../../../desktop/main/auth/claims';
import { createLocalSession } from '../../../desktop/main/auth/local-session';
import type { Cipher } from '../../../desktop/main/auth/token-vault';
import { openTokenVault } from '../../../desktop/main/auth/token-vault';
import {
  chooseMode,
  modeFromArgv,
  parseConnectionFile,
} from '../../../desktop/main/connection-file';
import { desktopPaths, unpacked, userDataDir } from '../../../desktop/main/paths';
import { openPreferences, parsePreferences } from '../../../desktop/main/preferences';
import { fakeJwt } from './cognito-server';

const dir = mkdtempSync(join(tmpdir(), 'stockmate-settings-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cloudFile = {
  mode: 'cloud',
  endpoint: 'https://abc.appsync-api.eu-west-1.amazonaws.com/graphql',
  region: 'eu-west-1',
  userPoolId: 'eu-west-1_abc',
  userPoolClientId: 'client',
  hostedUiDomain: 'stockmate.auth.eu-west-1.amazoncognito.com',
  redirectSignIn: 'stockmate://auth/callback',
  redirectSignOut: 'stockmate://auth/signout',
};

describe('the per-user folders', () => {
  it('follow each platform, the connection file’s folder included', () => {
    expect(userDataDir('linux', {}, '/home/ann')).toBe('/home/ann/.config/stock-mate');
    expect(userDataDir('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ann')).toBe('/cfg/stock-mate');
    expect(userDataDir('linux', { XDG_CONFIG_HOME: 'rel' }, '/home/ann')).toBe(
      '/home/ann/.config/stock-mate',
    );
    expect(userDataDir('darwin', {}, '/Users/ann')).toBe(
      '/Users/ann/Library/Application Support/Stock-Mate',
    );
    expect(
      userDataDir('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann'),
    ).toBe('C:\\Users\\ann\\AppData\\Roaming\\Stock-Mate');
    const paths = desktopPaths('/home/ann/.config/stock-mate');
    expect(paths.data).toBe('/home/ann/.config/stock-mate/data');
    expect(paths.connectionFile).toBe('/home/ann/.config/stock-mate/connection.json');
    expect(desktopPaths('/u', { STOCKMATE_DATA_DIR: '/elsewhere' }).data).toBe('/elsewhere');
  });
});

describe('the connection mode', () => {
  it('reads a valid cloud connection file and says what is wrong with a bad one', () => {
    expect(parseConnectionFile(JSON.stringify(cloudFile))).toEqual({
      kind: 'ok',
      connection: cloudFile,
    });
    expect(parseConnectionFile('{')).toEqual({ kind: 'invalid', reason: 'it is not JSON' });
    const http = parseConnectionFile(
      JSON.stringify({ ...cloudFile, endpoint: 'http://x/graphql' }),
    );
    expect(http.kind === 'invalid' ? http.reason : '').toMatch(/^endpoint/);
  });

  it('is local without a file, cloud with one, and local whenever the user or command line says so', () => {
    const ok = parseConnectionFile(JSON.stringify(cloudFile));
    expect(chooseMode(null, null, { kind: 'missing' }, '/c.json')).toEqual({
      mode: 'local',
      notice: null,
    });
    expect(chooseMode(null, null, ok, '/c.json')).toMatchObject({ mode: 'cloud' });
    expect(chooseMode(null, 'local', ok, '/c.json')).toMatchObject({ mode: 'local' });
    expect(chooseMode('local', 'cloud', ok, '/c.json')).toMatchObject({ mode: 'local' });
    const forcedCloud = chooseMode('cloud', null, { kind: 'missing' }, '/c.json');
    expect(forcedCloud.mode).toBe('local');
    expect(forcedCloud.mode === 'local' ? forcedCloud.notice : null).toMatch(
      /\/c\.json does not exist.*npm run cloud:config/,
    );
    expect(modeFromArgv(['electron', 'main.mjs', '--mode=local'])).toBe('local');
    expect(modeFromArgv(['electron', '--mode=moon'])).toBeNull();
  });
});

describe('preferences', () => {
  it('fall back field by field to defaults when the file is damaged', () => {
    expect(parsePreferences('not json')).toEqual({
      window: null,
      notificationsPaused: false,
      mode: null,
    });
    expect(parsePreferences('{"notificationsPaused": true, "mode": "moon", "window": 3}')).toEqual({
      window: null,
      notificationsPaused: true,
      mode: null,
    });
  });

  it('are written whole, privately, and read back', async () => {
    const file = join(dir, 'prefs', 'preferences.json');
    const prefs = await openPreferences(file);
    await prefs.update({ notificationsPaused: true });
    await prefs.update({
      window: { bounds: { x: 1, y: 2, width: 1280, height: 800 }, maximized: true },
    });
    const again = await openPreferences(file);
    expect(again.get()).toEqual({
      window: { bounds: { x: 1, y: 2, width: 1280, height: 800 }, maximized: true },
      notificationsPaused: true,
      mode: null,
    });
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});

describe('tokens and sessions', () => {
  const token = fakeJwt({
    sub: 'local-owner',
    username: 'ann',
    'cognito:groups': ['admin'],
    'custom:tenant_id': 'local',
    exp: 2_000,
  });

  it('read a session and an expiry from a token’s claims', () => {
    expect(sessionOf(token)).toEqual({
      signedIn: true,
      username: 'ann',
      tenantId: 'local',
      groups: ['admin'],
    });
    expect(claimsOf(token)?.expiresAt).toBe(2_000_000);
    expect(expiresSoon(token, 1_000_000, 60_000)).toBe(false);
    expect(expiresSoon(token, 1_950_000, 60_000)).toBe(true);
    expect(claimsOf('garbage')).toBeNull();
    expect(sessionOf('garbage').signedIn).toBe(false);
  });

  it('ask the backend for a new local token only when the current one is about to expire', async () => {
    let asked = 0;
    let now = 1_000_000;
    const session = createLocalSession({
      freshToken: () => Promise.resolve(fakeJwt({ username: 'ann', exp: 9_000 + ++asked })),
      now: () => now,
      refreshMarginMs: 600_000,
    });
    session.adopt(token);
    await expect(session.accessToken()).resolves.toBe(token);
    expect(asked).toBe(0);
    now = 1_500_000;
    const [a, b] = await Promise.all([session.accessToken(), session.accessToken()]);
    expect(asked).toBe(1);
    expect(a).toBe(b);
    expect(claimsOf(a)?.expiresAt).toBe(9_001_000);
  });

  it('keep the refresh token encrypted on disk when a keychain is there, in memory only when not', async () => {
    const reversing: Cipher = {
      available: () => Promise.resolve(true),
      encrypt: (text) => Promise.resolve(Buffer.from([...text].reverse().join(''))),
      decrypt: (data) => Promise.resolve([...data.toString()].reverse().join('')),
    };
    const file = join(dir, 'session.bin');
    await openTokenVault(file, reversing).save('refresh-abc');
    expect(readFileSync(file, 'utf8')).not.toContain('refresh-abc');
    await expect(openTokenVault(file, reversing).load()).resolves.toBe('refresh-abc');
    await openTokenVault(file, reversing).clear();
    await expect(openTokenVault(file, reversing).load()).resolves.toBeNull();

    const none: Cipher = { ...reversing, available: () => Promise.resolve(false) };
    const memoryOnly = openTokenVault(join(dir, 'never.bin'), none);
    await memoryOnly.save('refresh-xyz');
    await expect(memoryOnly.load()).resolves.toBe('refresh-xyz');
    await expect(openTokenVault(join(dir, 'never.bin'), none).load()).resolves.toBeNull();
  });

  it('forget a saved session that cannot be decrypted instead of failing', async () => {
    const file = join(dir, 'damaged.bin');
    writeFileSync(file, 'AAAA');
    const broken: Cipher = {
      available: () => Promise.resolve(true),
      encrypt: () => Promise.reject(new Error('no')),
      decrypt: () => Promise.reject(new Error('the key changed')),
    };
    const logged: string[] = [];
    await expect(openTokenVault(file, broken, (m) => logged.push(m)).load()).resolves.toBeNull();
    expect(logged).toHaveLength(1);
  });
});

describe('the packaged backend’s path', () => {
  it('points inside app.asar.unpacked, and leaves paths outside an archive alone', () => {
    expect(unpacked('/opt/Stock-Mate/resources/app.asar/backend/server/backend-process.mjs')).toBe(
      '/opt/Stock-Mate/resources/app.asar.unpacked/backend/server/backend-process.mjs',
    );
    expect(unpacked('C:\\Stock-Mate\\resources\\app.asar\\backend\\x.mjs')).toBe(
      'C:\\Stock-Mate\\resources\\app.asar.unpacked\\backend\\x.mjs',
    );
    expect(unpacked('/work/out/desktop/backend/server/backend-process.mjs')).toBe(
      '/work/out/desktop/backend/server/backend-process.mjs',
    );
  });
});
