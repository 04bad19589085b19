import { describe, expect, it } from 'vitest';
import { SERVICE_STATUSES } from '../../src/pai/eas-types.js';
import { serviceEmoji } from '../../src/render/service-status-style.js';
import { decide, isReady, isStartingUp } from '../../src/actions/watchers/service-readiness.js';
import type { ServiceSnapshot, TrackedService } from '../../src/actions/watchers/tracked-services.js';

const MIN = 60_000;
const snap = (status: string, running: number, pending: number, total: number): ServiceSnapshot => ({
  status,
  running,
  pending,
  total,
});
const tracked = (over: Partial<TrackedService> = {}): TrackedService => ({
  service: 'svc',
  workspace: { name: 'dev', id: '1' },
  channelId: 'C1',
  requester: 'U1',
  last: snap('Running', 1, 0, 1),
  readyTimes: [],
  rev: 1,
  ...over,
});

describe('isReady', () => {
  it('needs Running, nothing pending and every instance running', () => {
    expect(isReady(snap('Running', 2, 0, 2))).toBe(true);
    expect(isReady(snap('Running', 1, 1, 2))).toBe(false);
    expect(isReady(snap('Running', 1, 0, 2))).toBe(false);
    expect(isReady(snap('Waiting', 0, 2, 2))).toBe(false);
    expect(isReady(snap('Running', 0, 0, 0))).toBe(true); // scaled to zero, as asked
  });
});

describe('decide', () => {
  const deploy = { kind: 'deploy' as const, startedAt: 0 };

  it('stays quiet while a deploy is younger than the threshold', () => {
    const r = decide(
      tracked({ episode: deploy, last: snap('Creating', 0, 0, 1) }),
      snap('Waiting', 0, 1, 1),
      4 * MIN,
      5 * MIN,
    );
    expect(r.decisions).toEqual([]);
    expect(r.episode).toEqual(deploy);
  });

  it('alerts once when the threshold passes, and never again in the same episode', () => {
    const first = decide(tracked({ episode: deploy }), snap('Waiting', 0, 1, 1), 5 * MIN, 5 * MIN);
    expect(first.decisions).toEqual([{ kind: 'cold-start-alert', notReadyMs: 5 * MIN }]);
    const second = decide(tracked({ episode: first.episode! }), snap('Waiting', 0, 1, 1), 9 * MIN, 5 * MIN);
    expect(second.decisions).toEqual([]);
  });

  it('reports time to ready and ends the episode', () => {
    const r = decide(
      tracked({ episode: { ...deploy, alertedAt: 5 * MIN, alertTs: '1.2' } }),
      snap('Running', 1, 0, 1),
      7 * MIN,
      5 * MIN,
    );
    expect(r.decisions).toEqual([
      { kind: 'ready', timeToReadyMs: 7 * MIN, episode: { ...deploy, alertedAt: 5 * MIN, alertTs: '1.2' } },
    ]);
    expect(r.episode).toBeUndefined();
  });

  it('opens an episode by itself when instances are added (an autoscaler scale-up)', () => {
    const r = decide(tracked({ last: snap('Running', 1, 0, 1) }), snap('Scaling', 1, 2, 3), 10 * MIN, 5 * MIN);
    expect(r.episode).toEqual({ kind: 'scale-up', startedAt: 10 * MIN });
    expect(r.decisions).toEqual([]);
  });

  it('does not open an episode for a stopped or steady service', () => {
    expect(
      decide(tracked({ last: snap('Stopped', 0, 0, 0) }), snap('Stopped', 0, 0, 0), 1, 5 * MIN).episode,
    ).toBeUndefined();
    expect(decide(tracked(), snap('Running', 1, 0, 1), 1, 5 * MIN).episode).toBeUndefined();
  });

  it('alerts once on Failed', () => {
    const r = decide(tracked({ episode: deploy }), snap('Failed', 0, 0, 1), MIN, 5 * MIN);
    expect(r.decisions).toEqual([{ kind: 'failed' }]);
    expect(decide(tracked({ episode: r.episode! }), snap('Failed', 0, 0, 1), 2 * MIN, 5 * MIN).decisions).toEqual([]);
  });

  it('drops the episode when the service is stopped mid-way', () => {
    const r = decide(tracked({ episode: deploy }), snap('Stopped', 0, 0, 0), 6 * MIN, 5 * MIN);
    expect(r.episode).toBeUndefined();
    expect(r.decisions).toEqual([]);
  });
});

describe('the official EAS statuses (issue 18)', () => {
  const snap = (status: string): ServiceSnapshot => ({ status, running: 0, pending: 1, total: 1 });

  it('counts the transitional ones of the SDK list as starting up, and no unofficial Deploying', () => {
    for (const status of [
      'Creating',
      'Cloning',
      'Committing',
      'Waiting',
      'Pending',
      'Starting',
      'Updating',
      'HotUpdate',
      'Scaling',
    ])
      expect(isStartingUp(snap(status)), status).toBe(true);
    for (const status of [
      'Stopped',
      'Stopping',
      'Failed',
      'Complete',
      'Developing',
      'Deleted',
      'Deleting',
      'DeleteFailed',
      'Deploying',
    ])
      expect(isStartingUp(snap(status)), status).toBe(false);
  });

  it('shows every official status with a sign of its own, and an unknown one as it is', () => {
    for (const status of SERVICE_STATUSES) expect(serviceEmoji(status), status).not.toBe(':grey_question:');
    expect(serviceEmoji('SomethingNew')).toBe(':grey_question:');
    expect(SERVICE_STATUSES).not.toContain('Deploying');
  });
});
