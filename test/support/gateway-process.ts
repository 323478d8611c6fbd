import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '@gateway/testing';

const MAIN = join(__dirname, '..', '..', 'dist', 'apps', 'api', 'src', 'main.js');

export interface GatewayProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/** Run the built gateway (`node dist/apps/api/src/main.js`) as its own process, as `npm start` does. */
export async function startGatewayProcess(env: Record<string, string>): Promise<GatewayProcess> {
  if (!existsSync(MAIN)) throw new Error('build the API first (npm run build:api)');
  let output = '';
  const child = spawn(process.execPath, [MAIN], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-password-123', ...env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  await waitFor(() => output.includes('listening on') || child.exitCode !== null, 60_000, 50);
  if (child.exitCode !== null) throw new Error(`gateway exited:\n${output}`);
  const port = Number(output.match(/listening on http:\/\/localhost:(\d+)/)![1]);
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill(signal);
      await exited;
    },
  };
}
