/**
 * The whole app synthesized as `npm run cloud:synth` does — cdk.json's context, cdk-nag's checks,
 * and every Lambda really bundled by the local esbuild — into a temporary folder. Then each bundle
 * is loaded the way the Lambda runtime loads it.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../cloud/infra/app';
import { readMigrations } from '../../../cloud/db/migrate';
import { cdkJsonContext } from '../../unit/infra/fixture';

interface LambdaResource {
  Type: string;
  Properties: {
    Code: { S3Key?: string };
    Runtime?: string;
    Handler?: string;
    Environment?: { Variables?: Record<string, unknown> };
  };
  Metadata?: Record<string, string>;
}

let outdir = '';
let template: { Resources: Record<string, LambdaResource>; Outputs: Record<string, unknown> };

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'stockmate-synth-'));
  const { app, config } = createApp({ context: cdkJsonContext(), outdir });
  // Throws if cdk-nag reports a finding nobody acknowledged, or if any bundling fails.
  const assembly = app.synth();
  template = assembly.getStackByName(config.stackName).template as typeof template;
}, 240_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const projectFunctions = () =>
  Object.entries(template.Resources).filter(
    ([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.Runtime === 'nodejs22.x',
  );
const bundleOf = (resource: LambdaResource) =>
  join(outdir, `asset.${resource.Properties.Code.S3Key!.replace(/\.zip$/, '')}`);

describe('cdk synth of the Stock-Mate app', () => {
  it('synthesizes the stack with the outputs the desktop connects with, and the rebuild function', () => {
    expect(Object.keys(template.Outputs).sort()).toEqual([
      'GraphqlEndpoint',
      'HostedUiDomain',
      'RebuildFunction',
      'RedirectSignIn',
      'RedirectSignOut',
      'Region',
      'UserPoolClientId',
      'UserPoolId',
    ]);
    expect(Object.keys(template.Resources).length).toBeGreaterThan(150);
  });

  it('bundles every function into one ES module, built once per entry point', () => {
    const functions = projectFunctions();
    expect(functions.length).toBe(16);
    const bundles = new Set(functions.map(([, r]) => bundleOf(r)));
    expect(bundles.size).toBe(8);
    for (const [id, r] of functions) {
      expect(r.Properties.Handler, id).toBe('index.handler');
      const file = join(bundleOf(r), 'index.mjs');
      expect(existsSync(file), `${id}: ${file}`).toBe(true);
      expect(statSync(file).size).toBeGreaterThan(10_000);
      expect(statSync(file).size).toBeLessThan(10_000_000);
    }
  });

  it('loads each bundle as the Lambda runtime would, exposing its handler', async () => {
    for (const bundle of new Set(projectFunctions().map(([, r]) => bundleOf(r)))) {
      const module = (await import(pathToFileURL(join(bundle, 'index.mjs')).href)) as {
        handler?: unknown;
      };
      expect(typeof module.handler, bundle).toBe('function');
    }
  });

  it('ships the migration SQL inside the migration function’s bundle, byte for byte', () => {
    const [, migrate] = projectFunctions().find(([id]) => id.startsWith('DatabaseMigrate'))!;
    const folder = join(bundleOf(migrate), 'migrations');
    const shipped = readdirSync(folder).sort();
    const migrations = readMigrations();
    expect(shipped).toEqual(
      migrations.map((m) => `${String(m.version).padStart(4, '0')}_${m.name}.sql`),
    );
    for (const m of migrations)
      expect(
        readFileSync(join(folder, `${String(m.version).padStart(4, '0')}_${m.name}.sql`), 'utf8'),
      ).toBe(m.sql);
  });
});
