import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../../desktop/bridge';
import { invokeChannels } from '../../../desktop/preload/channels';
import { buildShell, outputLayout } from '../../../desktop/scripts/build';
import { gql, tempDir } from '../local/support';

/**
 * The built main process (out/desktop/main/main.mjs) under plain Node with a stand-in for
 * Electron's APIs: the composition root starts the bundled backend process, opens the window on
 * app://, sets up the tray, answers the bridge, turns a real low-stock notification into a native
 * one, and stops the backend when the app quits.
 */
const dir = tempDir('main-process');
const out = outputLayout(join(dir.path, 'out'));
const register = fileURLToPath(new URL('./fake-electron/register.mjs', import.meta.url));
let main: ChildProcess;
const events: { event: string; detail: unknown }[] = [];
let stdout = '';

const until = async <T>(
  find: () => T | undefined,
  what: string,
  timeoutMs = 30_000,
): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline)
      throw new Error(
        `timed out waiting for ${what}: ${JSON.stringify(events.map((e) => e.event))}`,
      );
    if (main.exitCode !== null)
      throw new Error(`the main process exited while waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};
const last = (name: string) => events.filter((e) => e.event === name).at(-1)?.detail;

let nextId = 1;
const invoke = async (channel: string, ...args: unknown[]): Promise<unknown> => {
  const id = nextId++;
  main.send({ type: 'invoke', id, channel, args });
  const reply = await until(
    () => events.find((e) => e.event === 'reply' && (e.detail as { id: number }).id === id),
    `the answer to ${channel}`,
  );
  const detail = reply.detail as { ok: boolean; value?: unknown; message?: string };
  if (!detail.ok) throw new Error(detail.message);
  return detail.value;
};

beforeAll(async () => {
  await buildShell(join(dir.path, 'out'));
  mkdirSync(out.renderer, { recursive: true });
  writeFileSync(
    join(out.renderer, 'index.html'),
    '<!doctype html><title>Stock-Mate test page</title>',
  );
  main = fork(out.main, ['--mode=local'], {
    execArgv: ['--import', 'tsx', '--import', register],
    env: { ...process.env, XDG_CONFIG_HOME: join(dir.path, 'config'), STOCKMATE_DATA_DIR: '' },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  main.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  main.on('message', (message: { event: string; detail: unknown }) => events.push(message));
  await until(
    () => (/Stock-Mate is running \(local mode\)/.test(stdout) ? true : undefined),
    'the app',
    90_000,
  );
}, 120_000);

afterAll(() => {
  main?.kill('SIGKILL');
  dir.remove();
});

describe('the main process, composed', () => {
  it('keeps its files in the per-user folder and starts the bundled backend as a utility process', () => {
    expect(last('app.setName')).toBe('Stock-Mate');
    expect(last('utilityProcess.fork')).toEqual({
      modulePath: out.backend,
      serviceName: 'Stock-Mate database',
    });
    expect(last('protocol.privileged')).toMatchObject([
      { scheme: 'app', privileges: { standard: true, secure: true } },
    ]);
    expect(events.map((e) => e.event)).toEqual(
      expect.arrayContaining(['session.csp', 'session.permissions', 'contents.windowOpenHandler']),
    );
  });

  it('opens a sandboxed window on app:// with the policy naming the local backend', async () => {
    const created = last('window.created') as {
      webPreferences: Record<string, unknown>;
      width: number;
    };
    expect(created.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      preload: out.preload,
    });
    expect(created.width).toBe(1280);
    const loaded = (await until(() => last('window.loaded'), 'the page')) as {
      url: string;
      status: number;
      csp: string;
      body: string;
    };
    expect(loaded).toMatchObject({ url: 'app://stock-mate/', status: 200 });
    expect(loaded.body).toContain('Stock-Mate test page');
    const connection = (await invoke(invokeChannels.connection)) as Connection;
    expect(loaded.csp).toContain(`connect-src 'self' ${new URL(connection.endpoint).origin}`);
  });

  it('answers the bridge with a working local connection, token and session', async () => {
    const connection = (await invoke(invokeChannels.connection)) as Connection;
    expect(connection).toMatchObject({ mode: 'local', tenantId: 'local' });
    const token = (await invoke(invokeChannels.accessToken)) as string;
    expect(await gql(connection.endpoint, token, '{ me { role } }')).toEqual({
      me: { role: 'ADMIN' },
    });
    expect(await invoke(invokeChannels.session)).toMatchObject({
      signedIn: true,
      tenantId: 'local',
      groups: ['admin'],
    });
    expect(await invoke(invokeChannels.about)).toMatchObject({
      version: '0.1.0',
      platform: process.platform,
    });
    await expect(invoke(invokeChannels.setNotificationsPaused, 'yes')).rejects.toThrow(
      /bad arguments/,
    );
  });

  it('shows a native notification and counts the issue in the tray when stock runs low', async () => {
    const connection = (await invoke(invokeChannels.connection)) as Connection;
    const token = (await invoke(invokeChannels.accessToken)) as string;
    expect(last('tray.tooltip')).toBe('Stock-Mate — no stock issues');
    const key = () => `main-${randomUUID()}`;
    const w = await gql(
      connection.endpoint,
      token,
      `mutation($i: CreateWarehouseInput!) { createWarehouse(input: $i) { warehouses { warehouseId } } }`,
      {
        i: { idempotencyKey: key(), code: 'MAIN', name: 'Main' },
      },
    );
    const p = await gql(
      connection.endpoint,
      token,
      `mutation($i: RegisterProductInput!) { registerProduct(input: $i) { products { productId } } }`,
      {
        i: {
          idempotencyKey: key(),
          sku: 'LOW-1',
          name: 'Scarce widget',
          unitCost: { amountMinor: 100, currency: 'EUR' },
          minStock: 10,
        },
      },
    );
    const warehouseId = (w['createWarehouse'] as { warehouses: { warehouseId: string }[] })
      .warehouses[0]?.warehouseId;
    const productId = (p['registerProduct'] as { products: { productId: string }[] }).products[0]
      ?.productId;
    await gql(
      connection.endpoint,
      token,
      `mutation($i: ReceiveStockInput!) { receiveStock(input: $i) { stockLevels { onHand } } }`,
      {
        i: { idempotencyKey: key(), productId, warehouseId, quantity: 3 },
      },
    );
    const shown = await until(
      () => events.find((e) => e.event === 'notification')?.detail,
      'a native notification',
    );
    expect(shown).toMatchObject({ title: expect.stringContaining('LOW-1') as unknown });
    await until(
      () => (last('tray.tooltip') === 'Stock-Mate — 1 stock issue' ? true : undefined),
      'the tray count',
    );
    expect(last('tray.image')).toBe(join(out.assets, 'tray', 'tray-1.png'));
    const menu = last('tray.menu') as { label?: string }[];
    expect(menu.map((m) => m.label)).toContain('Low: LOW-1 Scarce widget');
  });

  it('pauses notifications through the bridge, saying so in the tray', async () => {
    await invoke(invokeChannels.setNotificationsPaused, true);
    expect(last('tray.tooltip')).toMatch(/\(notifications paused\)$/);
    const menu = last('tray.menu') as { label?: string; checked?: boolean }[];
    expect(menu.find((m) => m.label === 'Pause notifications')?.checked).toBe(true);
  });

  it('stops the backend and exits cleanly when the app quits', async () => {
    const exited = new Promise<number | null>((resolve) =>
      main.on('exit', (code) => resolve(code)),
    );
    main.send({ type: 'quit' });
    expect(await exited).toBe(0);
  });
});
