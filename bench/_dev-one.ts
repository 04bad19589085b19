import { forkTs } from './ipc.js';
import { startWorld } from './world.js';
import { benchCommandToPai } from './command-to-pai.js';
import { benchWatchScale } from './watch-scale.js';
import { benchSlackStorm } from './slack-storm.js';
const which = process.argv[2];
const world = await startWorld();
const loadgen = await forkTs('./loadgen.ts', {}, 'loadgen');
const t0 = Date.now();
try {
  let r: unknown;
  if (which === 's2') r = await benchCommandToPai(world, loadgen, console.log);
  if (which === 's3') r = await benchWatchScale(world, console.log);
  if (which === 's4') r = await benchSlackStorm(world, console.log);
  console.log(JSON.stringify(r, (k, v) => (k === 'cycles' ? undefined : v), 1));
} finally { console.log('took', Date.now() - t0); await loadgen.stop(); await world.stop(); }
