/**
 * The cloud connection file written by `npm run cloud:config`, and the choice between local and
 * cloud mode: local unless a valid file exists and neither the user nor the command line said
 * local.
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { CloudConnection } from './auth/cloud-session';

const cloudConnection = z.object({
  mode: z.literal('cloud'),
  endpoint: z.string().url().startsWith('https://'),
  region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/),
  userPoolId: z.string().min(1),
  userPoolClientId: z.string().min(1),
  hostedUiDomain: z.string().min(1),
  redirectSignIn: z.string().url(),
  redirectSignOut: z.string().url(),
});

export type ConnectionFile =
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid'; readonly reason: string }
  | { readonly kind: 'ok'; readonly connection: CloudConnection };

/** Parses the file's text. */
export const parseConnectionFile = (text: string): ConnectionFile => {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { kind: 'invalid', reason: 'it is not JSON' };
  }
  const parsed = cloudConnection.safeParse(json);
  if (parsed.success) return { kind: 'ok', connection: parsed.data };
  const issue = parsed.error.issues[0];
  return {
    kind: 'invalid',
    reason:
      issue === undefined ? 'unreadable' : `${issue.path.join('.') || 'file'}: ${issue.message}`,
  };
};

/** Reads the connection file at `path`. */
export const readConnectionFile = async (path: string): Promise<ConnectionFile> => {
  try {
    return parseConnectionFile(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'invalid', reason: String(error) };
  }
};

export type ModeChoice =
  | { readonly mode: 'local'; readonly notice: string | null }
  | { readonly mode: 'cloud'; readonly connection: CloudConnection };

/** Local or cloud, from the command line, the user's choice and the file. */
export const chooseMode = (
  forced: 'local' | 'cloud' | null,
  preferred: 'local' | 'cloud' | null,
  file: ConnectionFile,
  path: string,
): ModeChoice => {
  const wanted = forced ?? preferred;
  if (wanted === 'local') return { mode: 'local', notice: null };
  if (file.kind === 'ok') return { mode: 'cloud', connection: file.connection };
  if (wanted === null && file.kind === 'missing') return { mode: 'local', notice: null };
  const why =
    file.kind === 'missing' ? `${path} does not exist` : `${path} is not valid (${file.reason})`;
  return {
    mode: 'local',
    notice: `Stock-Mate started with the database on this computer: ${why}. Run "npm run cloud:config" to connect to the cloud.`,
  };
};

/** `--mode=local` or `--mode=cloud` on the command line (`npm start` passes local). */
export const modeFromArgv = (argv: readonly string[]): 'local' | 'cloud' | null => {
  const flag = argv.find((arg) => arg.startsWith('--mode='))?.slice('--mode='.length);
  return flag === 'local' || flag === 'cloud' ? flag : null;
};
