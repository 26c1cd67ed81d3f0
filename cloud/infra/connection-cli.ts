/**
 * `npm run cloud:config`: writes the desktop app's connection file from a deployed stack's
 * outputs — the file `npm run cloud:deploy` writes with `cdk deploy --outputs-file`.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ConnectionError,
  connectionFilePath,
  connectionFromOutputs,
  stackOutputs,
} from './connection';

export const usage = `Usage: npm run cloud:config -- [--outputs FILE] [--env NAME] [--out FILE]

Writes the desktop app's connection file from the outputs of a deployed Stock-Mate stack.
  --outputs FILE  the outputs file of cdk deploy (default: cdk-outputs.json)
  --env NAME      which environment's stack (dev, staging, prod) when the file holds several
  --out FILE      where to write (default: the app's per-user configuration folder)`;

export interface CliResult {
  readonly code: number;
  readonly message: string;
}

/** Runs the command; returns the exit code and what to print rather than exiting. */
export const runConnectionCli = async (
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = homedir(),
): Promise<CliResult> => {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        outputs: { type: 'string', default: 'cdk-outputs.json' },
        env: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    return { code: 1, message: `${(error as Error).message}\n\n${usage}` };
  }
  if (values.help === true) return { code: 0, message: usage };
  try {
    let text: string;
    try {
      text = await readFile(values.outputs, 'utf8');
    } catch {
      throw new ConnectionError(
        `cannot read ${values.outputs}: deploy with npm run cloud:deploy (it writes cdk-outputs.json) or pass --outputs FILE`,
      );
    }
    let file: unknown;
    try {
      file = JSON.parse(text);
    } catch {
      throw new ConnectionError(`${values.outputs} is not JSON`);
    }
    const { stack, outputs } = stackOutputs(file, values.env);
    const connection = connectionFromOutputs(outputs);
    const target = values.out ?? connectionFilePath(platform, env, home);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, `${JSON.stringify(connection, null, 2)}\n`, { mode: 0o600 });
    return {
      code: 0,
      message: `wrote the connection to ${stack} (${connection.endpoint}) to ${target}`,
    };
  } catch (error) {
    if (error instanceof ConnectionError)
      return { code: 1, message: `cloud:config: ${error.message}` };
    throw error;
  }
};

// Run by `npm run cloud:config`, not when a test imports this module.
if (
  process.argv[1] !== undefined &&
  import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/'))
) {
  const result = await runConnectionCli(process.argv.slice(2));
  (result.code === 0 ? console.log : console.error)(result.message);
  process.exitCode = result.code;
}
