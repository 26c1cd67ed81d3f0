import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
// electron-builder's own schema check, which runs offline (packaging itself downloads Electron).
const builderConfig = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration: (
    config: unknown,
    logger: { add(): void; isEnabled: boolean },
  ) => Promise<void>;
};
const yaml = require('js-yaml') as { load(text: string): unknown };

const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;

describe('the packaging configuration', () => {
  it('passes electron-builder’s schema', async () => {
    await expect(
      builderConfig.validateConfiguration(config, { add: () => undefined, isEnabled: false }),
    ).resolves.toBeUndefined();
  });

  it('names the app, packs only out/desktop, and registers the sign-in scheme', () => {
    expect(config).toMatchObject({
      appId: 'app.stockmate.desktop',
      productName: 'Stock-Mate',
      directories: { app: 'out/desktop' },
      protocols: [{ schemes: ['stockmate'] }],
      linux: { target: ['AppImage', 'deb'], icon: 'desktop/assets/icons' },
      win: { target: ['nsis'] },
      mac: { target: ['dmg'] },
    });
  });

  it('points at icons that exist, including the large ones installers need', () => {
    const png = (path: string) => readFileSync(path).subarray(0, 8).toString('hex');
    const signature = '89504e470d0a1a0a';
    for (const size of [16, 32, 256, 512, 1024]) {
      expect(png(`desktop/assets/icons/${size}x${size}.png`)).toBe(signature);
    }
    expect(png('desktop/assets/icon.png')).toBe(signature);
    for (const name of ['tray', 'tray-1', 'tray-9plus', 'trayTemplate']) {
      expect(png(`desktop/assets/tray/${name}.png`)).toBe(signature);
      expect(png(`desktop/assets/tray/${name}@2x.png`)).toBe(signature);
    }
    // The PNG's IHDR gives its width: the 1024 icon really is 1024 wide.
    expect(readFileSync('desktop/assets/icon.png').readUInt32BE(16)).toBe(1024);
  });
});
