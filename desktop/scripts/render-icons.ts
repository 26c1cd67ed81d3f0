/**
 * Renders the PNG icons from their SVG sources in desktop/assets with headless Chromium
 * (`apt-get install -y chromium`), so the pictures packaging and the tray use are one drawing at
 * every size. Run with `npm run desktop:icons`; the PNGs are kept in the repository.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { projectRoot } from './build';

const assets = join(projectRoot, 'desktop', 'assets');
const APP_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const BADGES = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '9+'];

/** The tray drawing with a red count badge in its top-right corner. */
const withBadge = (svg: string, badge: string): string => {
  const size = badge.length > 1 ? 13 : 15;
  const circle =
    `<circle cx="22" cy="10" r="10" fill="#d92d20" stroke="#ffffff" stroke-width="2"/>` +
    `<text x="22" y="10" dy="0.36em" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif"` +
    ` font-weight="700" font-size="${size}" fill="#ffffff">${badge}</text>`;
  return svg.replace('</svg>', `${circle}</svg>`);
};

const main = async () => {
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage();
  const render = async (svg: string, size: number, file: string) => {
    await page.setViewportSize({ width: size, height: size });
    const sized = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(
      `<!doctype html><html><body style="margin:0;background:transparent">${sized}</body></html>`,
    );
    await page.screenshot({
      path: file,
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    });
  };

  const icon = await readFile(join(assets, 'icon.svg'), 'utf8');
  await mkdir(join(assets, 'icons'), { recursive: true });
  for (const size of APP_SIZES)
    await render(icon, size, join(assets, 'icons', `${size}x${size}.png`));
  await render(icon, 1024, join(assets, 'icon.png'));

  const tray = await readFile(join(assets, 'tray.svg'), 'utf8');
  const template = await readFile(join(assets, 'tray-template.svg'), 'utf8');
  await mkdir(join(assets, 'tray'), { recursive: true });
  const both = async (svg: string, name: string) => {
    await render(svg, 16, join(assets, 'tray', `${name}.png`));
    await render(svg, 32, join(assets, 'tray', `${name}@2x.png`));
  };
  await both(tray, 'tray');
  for (const badge of BADGES)
    await both(withBadge(tray, badge), `tray-${badge === '9+' ? '9plus' : badge}`);
  await both(template, 'trayTemplate');
  await browser.close();
  console.log(`rendered the icons into ${assets}`);
};

main().catch((error: unknown) => {
  console.error('rendering the icons failed:', error);
  process.exit(1);
});
