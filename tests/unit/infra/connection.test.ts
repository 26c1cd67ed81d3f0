import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runConnectionCli } from '../../../cloud/infra/connection-cli';
import {
  connectionFilePath,
  connectionFromOutputs,
  stackOutputs,
} from '../../../cloud/infra/connection';

const outputs = {
  GraphqlEndpoint: 'https://abc123.appsync-api.eu-west-1.amazonaws.com/graphql',
  Region: 'eu-west-1',
  UserPoolId: 'eu-west-1_AbCdEf123',
  UserPoolClientId: '1example23456789abcdefghij',
  HostedUiDomain: 'stockmate-prod-123456789012.auth.eu-west-1.amazoncognito.com',
  RedirectSignIn: 'stockmate://auth/callback',
  RedirectSignOut: 'stockmate://auth/signed-out',
};

const made: string[] = [];
const folder = () => {
  const dir = mkdtempSync(join(tmpdir(), 'stockmate-config-'));
  made.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the connection from the stack outputs', () => {
  it('is the cloud connection the desktop app reads', () => {
    expect(connectionFromOutputs(outputs)).toEqual({
      mode: 'cloud',
      endpoint: outputs.GraphqlEndpoint,
      region: 'eu-west-1',
      userPoolId: outputs.UserPoolId,
      userPoolClientId: outputs.UserPoolClientId,
      hostedUiDomain: outputs.HostedUiDomain,
      redirectSignIn: 'stockmate://auth/callback',
      redirectSignOut: 'stockmate://auth/signed-out',
    });
  });

  it('names every missing or malformed output at once', () => {
    const { UserPoolId: _id, ...rest } = outputs;
    expect(() => connectionFromOutputs({ ...rest, Region: 'Europe' })).toThrow(
      'the stack outputs are incomplete: Region is not an AWS region: Europe; UserPoolId is missing',
    );
  });

  it('picks the stack of the environment asked for, or the only one, and says when it cannot', () => {
    const file = { 'StockMate-dev': { Region: 'x' }, 'StockMate-prod': outputs, Other: {} };
    expect(stackOutputs(file, 'prod').stack).toBe('StockMate-prod');
    expect(stackOutputs({ 'StockMate-dev': outputs }).stack).toBe('StockMate-dev');
    expect(() => stackOutputs(file)).toThrow(
      /several Stock-Mate stacks \(StockMate-dev, StockMate-prod\): pass --env/,
    );
    expect(() => stackOutputs(file, 'staging')).toThrow(/no outputs for StockMate-staging/);
    expect(() => stackOutputs({})).toThrow(/no Stock-Mate stack/);
  });

  it('lives in the per-user configuration folder of each platform', () => {
    expect(connectionFilePath('linux', {}, '/home/ana')).toBe(
      '/home/ana/.config/stock-mate/connection.json',
    );
    expect(connectionFilePath('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ana')).toBe(
      '/cfg/stock-mate/connection.json',
    );
    // A relative XDG_CONFIG_HOME is invalid by the XDG rules, and the desktop app ignores it too.
    expect(connectionFilePath('linux', { XDG_CONFIG_HOME: 'cfg' }, '/home/ana')).toBe(
      '/home/ana/.config/stock-mate/connection.json',
    );
    expect(connectionFilePath('darwin', {}, '/Users/ana')).toBe(
      '/Users/ana/Library/Application Support/Stock-Mate/connection.json',
    );
    expect(
      connectionFilePath(
        'win32',
        { APPDATA: 'C:\\Users\\ana\\AppData\\Roaming' },
        'C:\\Users\\ana',
      ),
    ).toBe('C:\\Users\\ana\\AppData\\Roaming\\Stock-Mate\\connection.json');
  });
});

describe('npm run cloud:config', () => {
  it('writes the connection file from a cdk deploy outputs file, readable by the user only', async () => {
    const dir = folder();
    const file = join(dir, 'cdk-outputs.json');
    writeFileSync(file, JSON.stringify({ 'StockMate-prod': outputs }));
    const result = await runConnectionCli(
      ['--outputs', file, '--env', 'prod'],
      { XDG_CONFIG_HOME: join(dir, 'cfg') },
      'linux',
      dir,
    );
    const written = join(dir, 'cfg', 'stock-mate', 'connection.json');
    expect(result.code).toBe(0);
    expect(result.message).toContain(written);
    expect(JSON.parse(readFileSync(written, 'utf8'))).toEqual(connectionFromOutputs(outputs));
    expect(statSync(written).mode & 0o077).toBe(0);
  });

  it('writes where --out says', async () => {
    const dir = folder();
    const file = join(dir, 'outputs.json');
    writeFileSync(file, JSON.stringify({ 'StockMate-dev': outputs }));
    const out = join(dir, 'nested', 'connection.json');
    expect((await runConnectionCli(['--outputs', file, '--out', out], {}, 'linux', dir)).code).toBe(
      0,
    );
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({
      mode: 'cloud',
      region: 'eu-west-1',
    });
  });

  it('fails with 1 and a message naming what is missing', async () => {
    const dir = folder();
    const file = join(dir, 'outputs.json');
    writeFileSync(file, JSON.stringify({ 'StockMate-dev': { ...outputs, GraphqlEndpoint: '' } }));
    expect(await runConnectionCli(['--outputs', file], {}, 'linux', dir)).toEqual({
      code: 1,
      message: 'cloud:config: the stack outputs are incomplete: GraphqlEndpoint is missing',
    });
  });

  it('fails with 1 when the outputs file is absent or not JSON, or an option is unknown', async () => {
    const dir = folder();
    const missing = await runConnectionCli(['--outputs', join(dir, 'none.json')], {}, 'linux', dir);
    expect(missing.code).toBe(1);
    expect(missing.message).toMatch(/cannot read .*none\.json: deploy with npm run cloud:deploy/);
    writeFileSync(join(dir, 'bad.json'), '{ not json');
    const bad = await runConnectionCli(['--outputs', join(dir, 'bad.json')], {}, 'linux', dir);
    expect(bad.code).toBe(1);
    expect(bad.message).toMatch(/is not JSON/);
    expect((await runConnectionCli(['--bogus'], {}, 'linux', dir)).code).toBe(1);
  });
});
