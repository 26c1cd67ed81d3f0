/**
 * From a deployed stack's outputs to the desktop app's connection file: the outputs as
 * `cdk deploy --outputs-file` writes them (`{ "<stack>": { "<output>": "<value>" } }`) become the
 * `cloud` variant of the desktop's Connection, checked value by value.
 */
import { posix, win32 } from 'node:path';
import type { Connection } from '../../desktop/bridge';
import { outputNames } from './outputs';

export type CloudConnection = Extract<Connection, { mode: 'cloud' }>;

/** A problem the admin can fix; the command prints it and exits with 1. */
export class ConnectionError extends Error {
  override readonly name = 'ConnectionError';
}

const checks: Readonly<Record<keyof typeof outputNames, { pattern: RegExp; what: string }>> = {
  endpoint: { pattern: /^https:\/\/[^\s/]+\/graphql$/, what: 'an https URL ending in /graphql' },
  region: { pattern: /^[a-z]{2}(-[a-z]+)+-\d$/, what: 'an AWS region' },
  userPoolId: { pattern: /^[a-z]{2}(-[a-z]+)+-\d_[0-9A-Za-z]+$/, what: 'a Cognito user pool id' },
  userPoolClientId: { pattern: /^[0-9a-z]{1,128}$/, what: 'a Cognito app client id' },
  hostedUiDomain: { pattern: /^[a-z0-9.-]+\.[a-z]{2,}$/, what: 'a host name without scheme' },
  redirectSignIn: { pattern: /^[a-z][a-z0-9+.-]*:\/\/\S+$/, what: 'a URL' },
  redirectSignOut: { pattern: /^[a-z][a-z0-9+.-]*:\/\/\S+$/, what: 'a URL' },
};

const record = (value: unknown): Record<string, unknown> | null =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;

/** Picks the Stock-Mate stack's outputs: the one named for `envName`, or the only one. */
export const stackOutputs = (
  file: unknown,
  envName?: string,
): { stack: string; outputs: Record<string, unknown> } => {
  const stacks = record(file);
  if (stacks === null) throw new ConnectionError('the outputs file is not a JSON object of stacks');
  const ours = Object.keys(stacks).filter((name) => name.startsWith('StockMate-'));
  const wanted = envName === undefined ? undefined : `StockMate-${envName}`;
  const stack = wanted ?? (ours.length === 1 ? ours[0] : undefined);
  if (stack === undefined)
    throw new ConnectionError(
      ours.length === 0
        ? 'the outputs file holds no Stock-Mate stack (StockMate-<env>); deploy with npm run cloud:deploy first'
        : `the outputs file holds several Stock-Mate stacks (${ours.join(', ')}): pass --env <name>`,
    );
  const outputs = record(stacks[stack]);
  if (outputs === null)
    throw new ConnectionError(
      `the outputs file has no outputs for ${stack}${ours.length > 0 ? ` (it has ${ours.join(', ')})` : ''}`,
    );
  return { stack, outputs };
};

/** The desktop connection from one stack's outputs; throws naming every missing or bad output. */
export const connectionFromOutputs = (
  outputs: Readonly<Record<string, unknown>>,
): CloudConnection => {
  const values: Partial<Record<keyof typeof outputNames, string>> = {};
  const problems: string[] = [];
  for (const [key, output] of Object.entries(outputNames) as [keyof typeof outputNames, string][]) {
    const value = outputs[output];
    if (typeof value !== 'string' || value === '') problems.push(`${output} is missing`);
    else if (!checks[key].pattern.test(value))
      problems.push(`${output} is not ${checks[key].what}: ${value}`);
    else values[key] = value;
  }
  if (problems.length > 0)
    throw new ConnectionError(`the stack outputs are incomplete: ${problems.join('; ')}`);
  const v = values as Record<keyof typeof outputNames, string>;
  return {
    mode: 'cloud',
    endpoint: v.endpoint,
    region: v.region,
    userPoolId: v.userPoolId,
    userPoolClientId: v.userPoolClientId,
    hostedUiDomain: v.hostedUiDomain,
    redirectSignIn: v.redirectSignIn,
    redirectSignOut: v.redirectSignOut,
  };
};

/** Where the desktop app looks for its connection on this platform. */
export const connectionFilePath = (
  platform: NodeJS.Platform,
  env: Readonly<Record<string, string | undefined>>,
  home: string,
): string => {
  if (platform === 'win32')
    return win32.join(
      env['APPDATA'] ?? win32.join(home, 'AppData', 'Roaming'),
      'Stock-Mate',
      'connection.json',
    );
  if (platform === 'darwin')
    return posix.join(home, 'Library', 'Application Support', 'Stock-Mate', 'connection.json');
  // The XDG base directory rules: a relative XDG_CONFIG_HOME is ignored (as the desktop app does).
  const xdg = env['XDG_CONFIG_HOME'];
  const base = xdg !== undefined && posix.isAbsolute(xdg) ? xdg : posix.join(home, '.config');
  return posix.join(base, 'stock-mate', 'connection.json');
};
