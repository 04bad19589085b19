import { describe, expect, it } from 'vitest';
import { historyAt, isStoppable, jobTimeline, naturalFinishAt, phaseAt, resolvePlan } from '../src/job-lifecycle.js';
import { jobEvents, podLogs, windowLines } from '../src/job-logs.js';
import { podsOf, type JobRecord } from '../src/job-record.js';
import { renderJob } from '../src/job-view.js';

const T0 = Date.UTC(2026, 0, 1);
const plan = resolvePlan({
  creatingMs: 1000,
  queuingMs: 2000,
  envPreparingMs: 3000,
  runningMs: 10_000,
  stoppingMs: 500,
});

function record(overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    jobId: 'dlcabcdefghijklmn',
    request: {
      DisplayName: 'train',
      JobType: 'PyTorchJob',
      JobSpecs: [
        { Type: 'Master', Image: 'img', PodCount: 1 },
        { Type: 'Worker', Image: 'img', PodCount: 2 },
      ],
      UserCommand: 'python train.py',
      WorkspaceId: 'ws1',
    },
    createdAt: T0,
    plan,
    userId: '1000000000000001',
    seq: 0,
    ...overrides,
  };
}

describe('job lifecycle', () => {
  it('walks Creating -> Queuing -> EnvPreparing -> Running -> Succeeded on phase boundaries', () => {
    const t = jobTimeline(T0, plan);
    const at = (ms: number) => phaseAt(t, T0 + ms).status;
    expect([at(0), at(999), at(1000), at(2999), at(3000), at(5999), at(6000), at(15_999), at(16_000), at(1e9)]).toEqual(
      [
        'Creating',
        'Creating',
        'Queuing',
        'Queuing',
        'EnvPreparing',
        'EnvPreparing',
        'Running',
        'Running',
        'Succeeded',
        'Succeeded',
      ],
    );
    expect(naturalFinishAt(T0, plan)).toBe(T0 + 16_000);
    expect(t.at(-1)).toMatchObject({ status: 'Succeeded', reasonCode: 'JobSucceeded' });
    expect(t.at(-1)?.end).toBeUndefined();
  });

  it('fails with the planned reason', () => {
    const failing = resolvePlan(plan, {
      outcome: 'Failed',
      reasonCode: 'JobFailed',
      reasonMessage: 'pod worker-0 exited with code 1',
    });
    expect(phaseAt(jobTimeline(T0, failing), T0 + 16_000)).toMatchObject({
      status: 'Failed',
      reasonCode: 'JobFailed',
      reasonMessage: 'pod worker-0 exited with code 1',
    });
  });

  it('a stop cuts the current phase, goes Stopping, then Stopped after stoppingMs', () => {
    const t = jobTimeline(T0, plan, T0 + 7000);
    expect(t.map((p) => p.status)).toEqual(['Creating', 'Queuing', 'EnvPreparing', 'Running', 'Stopping', 'Stopped']);
    expect(phaseAt(t, T0 + 7000).status).toBe('Stopping');
    expect(phaseAt(t, T0 + 7500)).toMatchObject({ status: 'Stopped', reasonCode: 'JobStoppedByUser' });
    expect(t.find((p) => p.status === 'Running')?.end).toBe(T0 + 7000);
  });

  it('a stop while Creating drops the phases never reached', () => {
    const t = jobTimeline(T0, plan, T0 + 500);
    expect(t.map((p) => p.status)).toEqual(['Creating', 'Stopping', 'Stopped']);
  });

  it('ignores a stop requested after the natural finish', () => {
    expect(jobTimeline(T0, plan, T0 + 20_000).at(-1)?.status).toBe('Succeeded');
  });

  it('drops zero-length phases', () => {
    const t = jobTimeline(T0, resolvePlan({ creatingMs: 0, queuingMs: 0, envPreparingMs: 0, runningMs: 5 }));
    expect(t.map((p) => p.status)).toEqual(['Running', 'Succeeded']);
    expect(phaseAt(t, T0).status).toBe('Running');
  });

  it('history shows entered phases with the current one open', () => {
    const h = historyAt(jobTimeline(T0, plan), T0 + 4000);
    expect(h.map((p) => [p.status, p.end === undefined])).toEqual([
      ['Creating', false],
      ['Queuing', false],
      ['EnvPreparing', true],
    ]);
  });

  it('is stoppable only before a terminal status', () => {
    const t = jobTimeline(T0, plan);
    expect(isStoppable(t, T0 + 6000)).toBe(true);
    expect(isStoppable(t, T0 + 16_000)).toBe(false);
  });

  it('resolvePlan layers partials and rejects negative durations', () => {
    expect(resolvePlan({ runningMs: 1 }, { runningMs: 2, outcome: 'Failed' })).toMatchObject({
      runningMs: 2,
      outcome: 'Failed',
      creatingMs: 2000,
    });
    expect(resolvePlan({ queuingMs: -5 }).queuingMs).toBe(3000);
  });
});

describe('job view, events and logs', () => {
  it('renders times, pods and StatusHistory at an instant', () => {
    const running = renderJob(record(), T0 + 8000);
    expect(running).toMatchObject({
      Status: 'Running',
      GmtCreateTime: '2026-01-01T00:00:00Z',
      GmtRunningTime: '2026-01-01T00:00:06Z',
      Duration: 8,
      Priority: 1,
    });
    expect(running.GmtFinishTime).toBeUndefined();
    expect(running.Pods?.map((p) => [p.PodId, p.Status])).toEqual([
      ['dlcabcdefghijklmn-master-0', 'Running'],
      ['dlcabcdefghijklmn-worker-0', 'Running'],
      ['dlcabcdefghijklmn-worker-1', 'Running'],
    ]);
    const done = renderJob(record(), T0 + 60_000);
    expect(done).toMatchObject({
      Status: 'Succeeded',
      GmtFinishTime: '2026-01-01T00:00:16Z',
      GmtSuccessedTime: '2026-01-01T00:00:16Z',
      Duration: 16,
    });
    expect(done.StatusHistory).toHaveLength(5);
  });

  it('logs are empty before Running and grow with running time', () => {
    const r = record();
    const pod = podsOf(r)[1]!;
    const timeline = jobTimeline(r.createdAt, r.plan);
    expect(podLogs(r, pod, timeline, T0 + 5000)).toEqual([]);
    const early = podLogs(r, pod, timeline, T0 + 8000).length;
    const later = podLogs(r, pod, timeline, T0 + 12_000).length;
    expect(early).toBeGreaterThan(2);
    expect(later).toBeGreaterThan(early);
    expect(podLogs(r, pod, timeline, T0 + 60_000).at(-1)?.text).toMatch(/completed successfully/);
  });

  it('failure appends the planned log lines and events', () => {
    const r = record({
      plan: resolvePlan(plan, {
        outcome: 'Failed',
        logs: ['OSError: 403 AccessDenied oss://bkt/data'],
        events: ['PodFailed pod worker-0 exit code 1'],
      }),
    });
    const timeline = jobTimeline(r.createdAt, r.plan);
    expect(podLogs(r, podsOf(r)[0]!, timeline, T0 + 60_000).at(-1)?.text).toBe(
      'OSError: 403 AccessDenied oss://bkt/data',
    );
    const events = jobEvents(r, timeline, T0 + 60_000).map((e) => e.text);
    expect(events).toHaveLength(6);
    expect(events.at(-2)).toMatch(/^Warning JobFailed/);
    expect(events.at(-1)).toBe('Warning PodFailed pod worker-0 exit code 1');
  });

  it('windowLines keeps the newest lines within the time window', () => {
    const lines = [1, 2, 3, 4].map((at) => ({ at, text: String(at) }));
    expect(windowLines(lines, { max: 2 }).map((l) => l.text)).toEqual(['3', '4']);
    expect(windowLines(lines, { startTime: 2, endTime: 3, max: 10 }).map((l) => l.text)).toEqual(['2', '3']);
  });
});
