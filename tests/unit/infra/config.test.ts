import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../cloud/infra/config';
import { cdkJsonContext } from './fixture';

const contextOf =
  (values: Record<string, unknown>) =>
  (key: string): unknown =>
    values[key];

const fromCdkJson = (extra: Record<string, unknown> = {}) =>
  loadConfig(contextOf({ ...cdkJsonContext(), ...extra }));

describe('the deployment configuration', () => {
  it('builds dev from a fresh clone: cdk.json alone is enough', () => {
    const config = fromCdkJson();
    expect(config.envName).toBe('dev');
    expect(config.stackName).toBe('StockMate-dev');
    expect(config.auth.googleClientId).toMatch(/\.apps\.googleusercontent\.com$/);
    expect(config.auth.callbackUrls).toContain('stockmate://auth/callback');
    expect(config.database.deletionProtection).toBe(false);
    expect(config.openAiSecretName).toBeNull();
  });

  it('refuses an unknown environment, naming the setting and the choices', () => {
    expect(() => fromCdkJson({ env: 'qa' })).toThrow(ConfigError);
    expect(() => fromCdkJson({ env: 'qa' })).toThrow(
      /Unknown environment "qa": pass --context env=dev\|staging\|prod/,
    );
  });

  it('refuses prod without a Google client id, naming the setting and how to give it', () => {
    expect(() => fromCdkJson({ env: 'prod' })).toThrow(
      /Missing setting stockmate\.prod\.googleClientId: .*cdk\.json or pass --context googleClientId=/,
    );
  });

  it('takes a setting from the command line over cdk.json', () => {
    const config = fromCdkJson({
      env: 'prod',
      googleClientId: '42-abc.apps.googleusercontent.com',
      alarmEmail: 'ops@example.com',
    });
    expect(config.auth.googleClientId).toBe('42-abc.apps.googleusercontent.com');
    expect(config.alarmEmail).toBe('ops@example.com');
  });

  it('gives prod deletion protection, a reader instance, longer backups and kept data', () => {
    const config = fromCdkJson({
      env: 'prod',
      googleClientId: '42-abc.apps.googleusercontent.com',
    });
    expect(config.database).toMatchObject({
      deletionProtection: true,
      readerInstance: true,
      removal: 'retain',
    });
    expect(config.database.backupRetentionDays).toBeGreaterThanOrEqual(14);
  });

  it('refuses a malformed Google client id, naming the setting', () => {
    expect(() => fromCdkJson({ googleClientId: 'not-a-client-id' })).toThrow(
      /Invalid setting stockmate\.dev\.googleClientId \(must end in \.apps\.googleusercontent\.com\)/,
    );
  });

  it('refuses a database that could pause, because sign-in cannot wait for it to resume', () => {
    const context = cdkJsonContext();
    const stockmate = context['stockmate'] as Record<string, Record<string, unknown>>;
    expect(() =>
      loadConfig(
        contextOf({
          ...context,
          stockmate: { ...stockmate, dev: { ...stockmate['dev'], minCapacity: 0 } },
        }),
      ),
    ).toThrow(/Invalid setting stockmate\.dev\.minCapacity \(must be at least 0\.5/);
  });

  it('refuses a plain-http redirect that is not localhost', () => {
    const context = cdkJsonContext();
    const stockmate = context['stockmate'] as Record<string, Record<string, unknown>>;
    expect(() =>
      loadConfig(
        contextOf({
          ...context,
          stockmate: {
            ...stockmate,
            dev: { ...stockmate['dev'], callbackUrls: ['http://example.com/cb'] },
          },
        }),
      ),
    ).toThrow(/stockmate\.dev\.callbackUrls\.0/);
  });

  it('reads per-environment settings given as JSON text on the command line', () => {
    const config = loadConfig(
      contextOf({
        env: 'staging',
        stockmate: JSON.stringify({
          staging: { googleClientId: '7-x.apps.googleusercontent.com', openAiSecretName: 'ai/key' },
        }),
      }),
    );
    expect(config.envName).toBe('staging');
    expect(config.openAiSecretName).toBe('ai/key');
  });
});
