import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseRebuildArgs } from '../../../cloud/cli/rebuild-args';

const parse = (argv: string[], env: Record<string, string> = {}) =>
  parseRebuildArgs(argv, env, 'linux', '/home/ada');

const CLUSTER = 'arn:aws:rds:eu-west-2:123456789012:cluster:stockmate';
const SECRET = 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:stockmate-admin';

describe('the rebuild command line', () => {
  it("rebuilds every tenant of the app's database on this computer when given nothing", () => {
    expect(parse([])).toEqual({
      kind: 'run',
      config: { adapter: 'pglite', dataDir: '/home/ada/.config/stock-mate/data' },
      where: 'the embedded database in /home/ada/.config/stock-mate/data',
      tenant: null,
    });
    expect(parseRebuildArgs([], {}, 'darwin', '/Users/ada')).toMatchObject({
      config: { dataDir: '/Users/ada/Library/Application Support/Stock-Mate/data' },
    });
  });

  it('takes the folder from the flag over the environment, and one tenant when named', () => {
    const parsed = parse(['--data-dir', 'here', '--tenant', 'acme_1'], {
      STOCKMATE_DATA_DIR: '/elsewhere',
    });
    expect(parsed).toMatchObject({
      config: { adapter: 'pglite', dataDir: resolve('here') },
      tenant: 'acme_1',
    });
    expect(parse([], { STOCKMATE_DATA_DIR: '/elsewhere' })).toMatchObject({
      config: { dataDir: '/elsewhere' },
    });
  });

  it('rebuilds a PostgreSQL server when DATABASE_URL is set', () => {
    expect(parse([], { DATABASE_URL: 'postgres://u:p@db/stockmate' })).toMatchObject({
      config: { adapter: 'postgres', connectionString: 'postgres://u:p@db/stockmate' },
      where: 'the PostgreSQL database of DATABASE_URL',
    });
  });

  it('rebuilds Aurora through the Data API, in the region of the cluster unless told', () => {
    expect(parse(['--resource-arn', CLUSTER, '--secret-arn', SECRET])).toMatchObject({
      config: {
        adapter: 'data-api',
        resourceArn: CLUSTER,
        secretArn: SECRET,
        database: 'stockmate',
        region: 'eu-west-2',
      },
    });
    const told = ['--database', 'inv', '--region', 'us-east-1'];
    expect(parse(['--resource-arn', CLUSTER, '--secret-arn', SECRET, ...told])).toMatchObject({
      config: { database: 'inv', region: 'us-east-1' },
    });
  });

  it('asks for help', () => {
    expect(parse(['--help'])).toEqual({ kind: 'help' });
    expect(parse(['-h'])).toEqual({ kind: 'help' });
  });

  it.each([
    [['--verbose'], /Unknown option '--verbose'/],
    [['stray'], /positional/i],
    [['--tenant'], /--tenant/],
    [['--tenant', ''], /--tenant needs a value/],
    [['--tenant', 'a b'], /--tenant must be 1-64 letters/],
    [['--tenant', 'x'.repeat(65)], /--tenant must be 1-64 letters/],
    [['--resource-arn', CLUSTER], /--resource-arn and --secret-arn go together/],
    [['--database', 'inv'], /--database goes with --resource-arn/],
    [
      ['--resource-arn', CLUSTER, '--secret-arn', SECRET, '--data-dir', 'x'],
      /--data-dir is for the embedded database/,
    ],
  ])('refuses %j, saying why', (argv, message) => {
    const parsed = parse(argv);
    expect(parsed.kind).toBe('error');
    expect(parsed.kind === 'error' ? parsed.message : '').toMatch(message);
  });

  it('refuses a data folder beside DATABASE_URL, which would say two databases', () => {
    expect(parse(['--data-dir', 'x'], { DATABASE_URL: 'postgres://db/x' })).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/DATABASE_URL is set/) as unknown,
    });
  });
});
