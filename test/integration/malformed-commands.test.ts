import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h?.stop());

// [command text, a fragment the answer must contain]
const MALFORMED: [string, RegExp][] = [
  ['frobnicate', /frobnicate/i],
  ['dlc', /verb|dlc/i],
  ['dlc sumbit x --image i --command c', /submit/],
  ['dlc submit', /name/i],
  ['dlc submit job1', /--image/],
  ['dlc submit job1 --image img:1', /--command/],
  ['dlc submit job1 --command "run"', /--image/],
  ['dlc submit job1 --image img:1 --command "run', /quote/i],
  ["dlc submit job1 --image img:1 --command 'run", /quote/i],
  ['dlc submit job1 --image img:1 --command ""', /--command/],
  ['dlc submit job1 --image img:1 --command run --workers 0', /--workers/],
  ['dlc submit job1 --image img:1 --command run --workers 101', /--workers/],
  ['dlc submit job1 --image img:1 --command run --workers two', /--workers/],
  ['dlc submit job1 --image img:1 --command run --priority 10', /--priority/],
  ['dlc submit job1 --image img:1 --command run --priority 0', /--priority/],
  ['dlc submit job1 --image img:1 --command run --type pytorch', /PyTorchJob/],
  ['dlc submit job1 --image img:1 --command run --type SparkJob', /--type/],
  ['dlc submit job1 --image img:1 --command run --data s3://bucket/x', /--data/],
  ['dlc submit job1 --image img:1 --command run --data oss://B/x', /bucket/i],
  ['dlc submit job1 --image img:1 --command run --data oss://bucket/x:relative', /mount/i],
  ['dlc submit job1 --image img:1 --command run --env NOEQUALS', /--env/],
  ['dlc submit job1 --image img:1 --command run --env 1BAD=x', /--env/],
  ['dlc submit job1 --image img:1 --command run --env A=1 --env A=2', /A/],
  ['dlc submit job1 --image img:1 --command run --frobnicate', /--frobnicate/],
  ['dlc submit job1 --image img:1 --image img:2 --command run', /--image/],
  ['dlc submit "bad name!" --image img:1 --command run', /name/i],
  ['dlc submit job1 --image img:1 --command run -w', /-w|workspace/i],
  ['dlc submit job1 --image img:1 --command run -w nosuchws', /nosuchws/],
  ['dlc status', /job/i],
  ['dlc status not-a-job-id', /job id/i],
  ['dlc status dlcabc123 extra', /extra|unexpected/i],
  ['dlc logs dlcabc123 --tail 0', /--tail/],
  ['dlc logs dlcabc123 --tail 100000', /--tail/],
  ['dlc list --status Exploded', /--status/],
  ['dlc stop', /job/i],
  ['help nonsense', /nonsense/],
  ['oss check s3://bucket/prefix', /oss:\/\//],
  ['cancel 42', /request id/i],
  ['eas deploy Bad-Name --image x', /bad_name|service name/i],
  ['eas scale svc many', /replicas|number/i],
  ['gallery deploy qwen2-7b-instruct my_svc', /model id/i],
  ['gallery deploy model-qwen27binstruct0001 My-Svc', /my_svc|service name/i],
  ['gallery list --search ""', /--search/],
  ['x'.repeat(5_000), /too long/i],
  ['dlc submit job1 --image img:1 --command "run\u0000"', /control/i],
  ['\u202edlc submit', /./],
];

describe('malformed commands', () => {
  it(`has at least 30 cases`, () => expect(MALFORMED.length).toBeGreaterThanOrEqual(30));

  it.each(MALFORMED)('%s', async (text, fragment) => {
    const reply = await h.command(text);
    expect(reply.status).toBe(200);
    expect(reply.json.response_type).toBe('ephemeral');
    expect(reply.json.text).toMatch(fragment);
    expect(reply.json.text.length).toBeLessThan(4_000);
  });

  it('shows the usage of the verb concerned', async () => {
    const reply = await h.command('dlc logs dlcabc123 --tail 0');
    expect(reply.json.text).toContain('Usage');
    expect(reply.json.text).toContain('/pai dlc logs &lt;job-id&gt;');
  });

  it('explains a channel without a default workspace', async () => {
    const reply = await h.command('dlc submit job1 --image img:1 --command run', { channel: 'C0RANDOM' });
    expect(reply.json.text).toMatch(/no default workspace.*-w/);
  });

  it('queued nothing, called PAI never and posted nothing in any channel', async () => {
    await new Promise((r) => setTimeout(r, 200));
    const counts = await h.queueCounts();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(0);
    expect(h.sim.calls).toHaveLength(0);
    expect(h.slack.messages()).toHaveLength(0);
  });
});
