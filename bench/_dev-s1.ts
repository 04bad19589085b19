import { forkTs } from './ipc.js';
import { startWorld } from './world.js';
import { benchAckLatency } from './ack-latency.js';
const world = await startWorld();
const loadgen = await forkTs('./loadgen.ts', {}, 'loadgen');
try {
  const r = await benchAckLatency(world, loadgen, console.log);
  console.log(JSON.stringify(r.rows.map(x => ({...x, latency: x.latency, service: x.service})), null, 1).slice(0, 4000));
} finally { await loadgen.stop(); await world.stop(); }
