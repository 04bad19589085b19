import { afterEach, describe, expect, it } from 'vitest';
import { eventually, startHarness, type Harness } from '../support/harness.js';

const started: Harness[] = [];
afterEach(async () => {
  for (const h of started.splice(0).reverse()) await h.stop();
});

async function scrape(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/plain/);
  return res.text();
}

const value = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length).trim()) : undefined;
};

describe('GET /metrics', () => {
  it('exposes commands, queue, PAI calls, Slack calls and 429s, approvals and tracked jobs in Prometheus format', async () => {
    const h = await startHarness();
    started.push(h);
    h.sim.throttleNext(1, 'CreateJob');
    h.slack.rateLimitNext(1, 1, 'chat.postMessage');
    await h.command('dlc submit metered --image img:1 --command run');
    await h.command('dlc frobnicate');
    await h.command('dlc submit prod-metered --image img:1 --command run', { channel: 'C0PROD' });
    await h.slack.waitFor(() => h.slack.messages('C0DEV').find((m) => m.text.includes('metered')), 8_000);
    await h.slack.waitFor(() => h.slack.messages('C0PROD').find((m) => m.text.includes('Approval needed')));
    await eventually(async () => (await h.queueCounts()).completed === 2);

    const text = await scrape(h.bot.port);
    expect(value(text, 'pai_bot_commands_total{verb="dlc.submit",outcome="queued"}')).toBe(2);
    expect(value(text, 'pai_bot_commands_total{verb="invalid",outcome="invalid"}')).toBe(1);
    expect(value(text, 'pai_bot_pai_calls_total{action="CreateJob",result="throttled"}')).toBe(1);
    expect(value(text, 'pai_bot_pai_calls_total{action="CreateJob",result="ok"}')).toBe(1);
    expect(text).toMatch(/pai_bot_pai_call_duration_seconds_bucket\{le="0.1",action="CreateJob"\}/);
    expect(value(text, 'pai_bot_slack_rate_limited_total{method="chat.postMessage"}')).toBe(1);
    expect(value(text, 'pai_bot_slack_calls_total{method="chat.postMessage",result="ok"}')).toBeGreaterThanOrEqual(2);
    expect(value(text, 'pai_bot_pending_approvals')).toBe(1);
    expect(value(text, 'pai_bot_tracked_jobs')).toBe(1);
    expect(value(text, 'pai_bot_tracked_services')).toBe(0);
    expect(value(text, 'pai_bot_queue_jobs{state="completed"}')).toBe(2);
    // Two runs done: the dev submit, and the prod submit turned into an approval request.
    expect(text).toMatch(/pai_bot_action_duration_seconds_count\{action="dlc.submit",result="done"\} 2/);
    expect(text).toMatch(/pai_bot_action_duration_seconds_count\{action="dlc.submit",result="retry"\} 1/);
    expect(text).toMatch(/pai_bot_queue_latency_seconds_count \d+/);
    expect(text).toMatch(/# TYPE pai_bot_alerts_total counter/);
    expect(text).toMatch(/pai_bot_process_cpu_seconds_total/);
  });

  it('counts alerts by kind', async () => {
    const h = await startHarness();
    started.push(h);
    h.sim.planNextService({ coldStartMs: 20 * 60_000 });
    await h.command('eas deploy metered_svc --image x:1');
    await h.slack.waitFor(() => h.slack.messages('C0DEV').find((m) => m.text.includes('metered_svc')));
    for (let i = 0; i < 8; i++) {
      h.clock.advance(60_000);
      await h.bot.pollServicesNow();
    }
    expect(value(await scrape(h.bot.port), 'pai_bot_alerts_total{kind="cold_start"}')).toBe(1);
  });

  it('a worker-only process serves /healthz and /metrics too', async () => {
    const web = await startHarness({ role: 'web' });
    started.push(web);
    const worker = await startHarness({ role: 'worker', restartOf: web });
    started.push(worker);
    expect(worker.bot.port).toBeGreaterThan(0);
    expect((await fetch(`http://127.0.0.1:${worker.bot.port}/healthz`)).status).toBe(200);
    expect(await scrape(worker.bot.port)).toMatch(/pai_bot_tracked_jobs 0/);
  });
});
