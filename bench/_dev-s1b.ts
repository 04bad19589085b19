import { readFileSync, writeFileSync } from 'node:fs';
import { forkTs } from './ipc.js';
import { startWorld, startBotProcess, DEV, SIGNING_SECRET } from './world.js';
import type { LoadResult } from './loadgen.js';
import { summarize } from './stats.js';
const world = await startWorld();
const loadgen = await forkTs('./loadgen.ts', {}, 'loadgen');
const { JobId: jobId } = await world.pai.dlc.createJob({ DisplayName: 'x', JobType: 'PyTorchJob', WorkspaceId: DEV.id, UserCommand: 'p', JobSpecs: [{ Type: 'Worker', Image: 'pytorch:2.1', PodCount: 1, EcsSpec: 'ecs.g6.xlarge' }] });
const bot = await startBotProcess(world, { keyPrefix: 'dev', role: (process.env.ROLE as any) ?? 'all' });
const rate = Number(process.env.RATE ?? 300);
try {
  for (const d of [3000, 10000]) {
    const r = await loadgen.call<LoadResult & { }>('run', { url: `http://127.0.0.1:${bot.info.port}/slack/events`, secret: SIGNING_SECRET, rate, durationMs: d, kind: { type: 'status', jobId, channel: DEV.channel }, responseUrlBase: world.slack.responseUrl('x') });
    console.log(d, summarize(r.latencies), r.errors);
    const lat = r.latencies; const slow = lat.map((v, i) => [i, v]).filter(([, v]) => v > 200);
    console.log('slow count', slow.length, 'first idx', slow.slice(0, 5), 'last', slow.slice(-5));
    await new Promise(r => setTimeout(r, 8000));
  }
  const lines = readFileSync(bot.info.logFile, 'utf8').split('\n').filter(Boolean).map(l => JSON.parse(l));
  const acks = lines.filter(l => l.msg === 'slash command answered').map(l => l.ms);
  console.log('server-side ack ms', summarize(acks));
  const msgs = new Map<string, number>(); for (const l of lines) msgs.set(l.msg, (msgs.get(l.msg) ?? 0) + 1);
  console.log(msgs);
  writeFileSync('/tmp/bench-bot.log', readFileSync(bot.info.logFile));
} finally { await bot.stop(); await loadgen.stop(); await world.stop(); }
