import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

interface Running {
  child: ChildProcess;
  baseUrl: string;
  /** Everything printed on stdout so far. */
  output: () => string;
  /** Stops the process with SIGTERM and resolves with its exit code. */
  stop: () => Promise<number | null>;
}

/** Runs `npm start`'s entry point with stdout piped, as a file or another program would read it. */
async function startMain(env: Record<string, string> = {}): Promise<Running> {
  const cwd = fileURLToPath(new URL('..', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd,
    env: { ...process.env, PORT: '0', OCC_DATA_DIR: ':memory:', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /running at (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  return {
    child,
    baseUrl,
    output: () => output,
    stop: () => {
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The printed log lines: everything but the banner that says where the service runs (its first line, then indented ones). */
function logLines(output: string): string[] {
  return output.split('\n').filter((line) => line !== '' && !/running at|^ {2}\S/.test(line));
}

async function aSession(baseUrl: string): Promise<void> {
  const response = await fetch(`${baseUrl}/v1/sessions`, { method: 'POST', body: '{"platform":"h5"}' });
  expect(response.status).toBe(201);
}

describe('npm start (local/src/main.ts)', () => {
  it('prints the base URL once the service answers, and stops on SIGTERM', async () => {
    const running = await startMain();
    try {
      const health = await fetch(`${running.baseUrl}/v1/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
      expect(await running.stop()).toBe(0);
    } finally {
      if (running.child.exitCode === null) running.child.kill('SIGKILL');
    }
  });

  it('writes JSON log lines when its output goes to a file or another program', async () => {
    const running = await startMain();
    try {
      await aSession(running.baseUrl);
      await expect.poll(() => running.output()).toContain('"event":"session_created"');
      const lines = logLines(running.output());
      for (const line of lines)
        expect(JSON.parse(line)).toEqual(expect.objectContaining({ event: expect.any(String) }));
    } finally {
      await running.stop();
    }
  });

  it('writes one readable line per event with OCC_LOG_FORMAT=text, as on a terminal', async () => {
    const running = await startMain({ OCC_LOG_FORMAT: 'text' });
    try {
      await aSession(running.baseUrl);
      await expect.poll(() => running.output()).toContain('POST /v1/sessions → 201');
      const lines = logLines(running.output());
      for (const line of lines) expect(line).toMatch(/^\d{2}:\d{2}:\d{2} {2}\S/);
      expect(lines.some((line) => line.includes('session_created  POST /v1/sessions'))).toBe(true);
      expect(running.output()).not.toContain('{"time"');
    } finally {
      await running.stop();
    }
  });

  it('refuses an unknown OCC_LOG_FORMAT in words', async () => {
    await expect(startMain({ OCC_LOG_FORMAT: 'xml' })).rejects.toThrow(/exited with 1/);
  });
});
