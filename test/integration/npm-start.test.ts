// The shipped entry point (`npm start`, built output) against independent local stand-ins:
// nothing in-process is shared with the bot but the network.

import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { ManualClock } from '@pai-bot/sim-kit/clock.js';
import { createFakeSlack } from '@pai-bot/fake-slack/index.js';
import { createPaiSimulator } from '@pai-bot/pai-sim/index.js';
import { freePort } from '@pai-bot/sandbox/redis-server.js';
import { postToBot, slashCommandBody } from '@pai-bot/sandbox/slack-requests.js';
import { ACCESS_KEY_ID, ACCESS_KEY_SECRET, BOT_TOKEN, eventually, SIGNING_SECRET } from '../support/harness.js';

const clock = new ManualClock(Date.now());
const sim = createPaiSimulator({
  clock,
  credentials: { [ACCESS_KEY_ID]: ACCESS_KEY_SECRET },
  workspaces: [{ WorkspaceId: '100001', WorkspaceName: 'ml-dev' }],
});
const slack = createFakeSlack({ token: BOT_TOKEN });
let bot: ChildProcess;
let output = '';
let port: number;
let configPath: string;
let simUrl: string;

beforeAll(async () => {
  await promisify(execFile)('npm', ['run', 'build', '--silent'], { timeout: 120_000 });
  const url = await sim.start();
  await slack.start();
  const dir = mkdtempSync(join(tmpdir(), 'pai-bot-e2e-'));
  writeFileSync(
    join(dir, 'pai-bot.yaml'),
    'region: cn-shanghai\npoll_interval: 100ms\nworkspaces:\n  - name: dev\n    id: "100001"\n    env: dev\n    channels: [C0DEV]\n',
  );
  configPath = join(dir, 'pai-bot.yaml');
  simUrl = url;
  bot = await launch('npm', ['start', '--silent', '--', '--role', 'all']);
}, 180_000);

/** Starts the bot as its own process group and waits for /healthz. */
async function launch(command: string, args: string[]): Promise<ChildProcess> {
  port = await freePort();
  output = '';
  const child = spawn(command, args, {
    detached: true, // its own process group, so cleanup reaches node behind npm
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.url,
      PORT: String(port),
      REDIS_URL: inject('redisUrl'),
      PAI_BOT_CONFIG: configPath,
      PAI_DLC_ENDPOINT: simUrl,
      PAI_WORKSPACE_ENDPOINT: simUrl,
      PAI_DSW_ENDPOINT: simUrl,
      ALIBABA_CLOUD_ACCESS_KEY_ID: ACCESS_KEY_ID,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: ACCESS_KEY_SECRET,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  await eventually(
    async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).status === 200,
    20_000,
    `the bot's /healthz (output so far: ${output})`,
  );
  return child;
}

afterAll(async () => {
  if (bot && bot.exitCode === null) process.kill(-bot.pid!, 'SIGKILL');
  await sim.stop();
  await slack.stop();
});

describe('npm start against independent stand-ins', () => {
  it('acks a signed submit within 3 s, makes one signed CreateJob, and shows the job through Succeeded', async () => {
    const body = slashCommandBody({
      text: 'dlc submit e2e-job --image img:1 --command "python train.py" --workers 2',
      userId: 'U0ALICE',
      channelId: 'C0DEV',
      responseUrl: slack.responseUrl(),
    });
    const reply = await postToBot(`http://127.0.0.1:${port}/slack/events`, body, {
      secret: SIGNING_SECRET,
      contentType: 'form',
    });
    expect(reply.status).toBe(200);
    expect(reply.elapsedMs).toBeLessThan(3_000);
    expect(reply.json.text).toContain('Queued');

    const card = await slack.waitFor(
      () => slack.messages('C0DEV').find((m) => !m.thread_ts && m.text.includes('e2e-job')),
      10_000,
    );
    const creates = sim.callsOf('CreateJob');
    expect(creates).toHaveLength(1);
    expect(creates[0]!.headers.authorization).toMatch(
      /^ACS3-HMAC-SHA256 Credential=LTAI5tTestAccessKeyId01,SignedHeaders=.*,Signature=[0-9a-f]{64}$/,
    );
    expect(sim.rejected).toHaveLength(0);
    expect(creates[0]!.body).toMatchObject({
      DisplayName: 'e2e-job',
      JobType: 'PyTorchJob',
      WorkspaceId: '100001',
      UserCommand: 'python train.py',
      JobSpecs: [{ Image: 'img:1', PodCount: 2 }],
    });
    const jobId = sim.jobs()[0]!.JobId;
    expect(card.text).toContain(jobId);

    clock.advance(8_000);
    await slack.waitFor(() => card.text.includes('Running'), 10_000);
    clock.advance(60_000);
    const final = await slack.waitFor(
      () => slack.thread('C0DEV', card.ts).find((m) => m.text.includes('Succeeded')),
      10_000,
    );
    expect(final.text).toMatch(/<@U0ALICE>.*Succeeded/);
    expect(card.text).toContain('Succeeded');
    expect(output).not.toContain(ACCESS_KEY_SECRET);
    expect(output).not.toContain(BOT_TOKEN);
  });

  it('dist/ holds the product only: every file built from src/, none from the simulators, fake Slack or sandbox', () => {
    const built = readdirSync('dist', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    expect(built).toContain('main.js');
    for (const file of built) {
      expect(existsSync(join('src', file.replace(/\.js$/, '.ts'))), file).toBe(true);
      expect(readFileSync(join('dist', file), 'utf8'), file).not.toMatch(
        /(?:from |import\()['"](?:@pai-bot\/|[^'"]*packages\/)/,
      );
    }
  });

  it('shuts down cleanly on SIGTERM (the container entry point, node dist/main.js)', async () => {
    process.kill(-bot.pid!, 'SIGKILL');
    bot = await launch('node', ['dist/main.js']);
    const exited = new Promise<number | null>((resolve) => bot.once('exit', resolve));
    const started = Date.now();
    bot.kill('SIGTERM');
    const code = await exited;
    expect(output).toContain('shutting down');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(code).toBe(0);
  });
});
