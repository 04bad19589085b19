// alertsFor, alertRoute and watchOf on plain config objects: a workspace's own alerts block over the top-level one,
// key by key, and watch resolved per env.

import { describe, expect, it } from 'vitest';
import { alertRoute, alertsFor, watchOf, type WorkspaceAlerts } from '../../src/actions/alerts/alert-routing.js';
import type { FileConfig, WorkspaceConfig } from '../../src/config/file-schema.js';

type Config = Pick<FileConfig, 'alerts' | 'workspaces'>;

const ws = (id: string, env: 'dev' | 'prod', extra: Partial<WorkspaceConfig> = {}): WorkspaceConfig => ({
  name: `ws${id}`,
  id,
  env,
  channels: [],
  approvers: env === 'prod' ? ['U0APPR1'] : [],
  approvals_required: 1,
  ...extra,
});

const TOP: NonNullable<FileConfig['alerts']> = {
  channel: 'C0ONCALL',
  mention: ['S0ONCALL'],
  cold_start_after: 300_000,
  on: ['oss_403', 'cold_start', 'failed'],
  dev_max_per_hour: 2,
};
const TOP_ROUTE: WorkspaceAlerts = {
  channel: 'C0ONCALL',
  mention: ['S0ONCALL'],
  cold_start_after: 300_000,
  on: ['oss_403', 'cold_start', 'failed'],
  dev_max_per_hour: 2,
};

describe('alertsFor', () => {
  it('gives a workspace without its own block the top-level settings', () => {
    expect(alertsFor({ alerts: TOP, workspaces: [ws('1', 'dev')] }, '1')).toEqual(TOP_ROUTE);
  });

  it('is undefined when neither the workspace nor the top level names a channel', () => {
    expect(alertsFor({ workspaces: [ws('1', 'dev')] }, '1')).toBeUndefined();
    expect(
      alertsFor({ workspaces: [ws('1', 'dev', { alerts: { mention: ['U0ONE'], on: ['failed'] } })] }, '1'),
    ).toBeUndefined();
  });

  it.each<[string, NonNullable<WorkspaceConfig['alerts']>, Partial<WorkspaceAlerts>]>([
    ['channel', { channel: 'C0OWN' }, { channel: 'C0OWN' }],
    ['mention', { mention: ['U0OWN'] }, { mention: ['U0OWN'] }],
    ['mention, emptied', { mention: [] }, { mention: [] }],
    ['on', { on: ['failed'] }, { on: ['failed'] }],
    ['on, emptied', { on: [] }, { on: [] }],
    ['cold_start_after', { cold_start_after: 60_000 }, { cold_start_after: 60_000 }],
    ['dev_max_per_hour', { dev_max_per_hour: 7 }, { dev_max_per_hour: 7 }],
    ['dev_max_per_hour, zero', { dev_max_per_hour: 0 }, { dev_max_per_hour: 0 }],
  ])('lets the workspace override %s and inherit the rest', (_name, own, override) => {
    expect(alertsFor({ alerts: TOP, workspaces: [ws('1', 'dev', { alerts: own })] }, '1')).toEqual({
      ...TOP_ROUTE,
      ...override,
    });
  });

  it('uses the defaults for what neither level sets when only the workspace names a channel', () => {
    expect(alertsFor({ workspaces: [ws('2', 'prod', { alerts: { channel: 'C0OWN' } })] }, '2')).toEqual({
      channel: 'C0OWN',
      mention: [],
      cold_start_after: 300_000,
      on: ['oss_403', 'cold_start', 'failed'],
      dev_max_per_hour: 2,
    });
  });

  it("keeps one workspace's block to itself", () => {
    const config: Config = {
      alerts: TOP,
      workspaces: [ws('1', 'dev'), ws('2', 'prod', { alerts: { channel: 'C0PROD', on: ['oss_403'] } })],
    };
    expect(alertsFor(config, '1')).toEqual(TOP_ROUTE);
    expect(alertsFor(config, '2')).toEqual({ ...TOP_ROUTE, channel: 'C0PROD', on: ['oss_403'] });
  });

  it('gives an unknown workspace id the top-level settings (or none)', () => {
    expect(alertsFor({ alerts: TOP, workspaces: [ws('1', 'dev')] }, '999')).toEqual(TOP_ROUTE);
    expect(alertsFor({ workspaces: [ws('1', 'dev', { alerts: { channel: 'C0OWN' } })] }, '999')).toBeUndefined();
  });
});

describe('alertRoute', () => {
  const config: Config = {
    alerts: { ...TOP, on: ['oss_403', 'failed'] },
    workspaces: [
      ws('1', 'dev'),
      ws('2', 'prod', { alerts: { channel: 'C0PROD', on: ['cold_start'] } }),
      ws('3', 'dev', { alerts: { on: [] } }),
    ],
  };

  it('routes a kind in the top-level on list and drops one that is not', () => {
    expect(alertRoute(config, '1', 'oss_403')).toEqual({ ...TOP_ROUTE, on: ['oss_403', 'failed'] });
    expect(alertRoute(config, '1', 'failed')?.channel).toBe('C0ONCALL');
    expect(alertRoute(config, '1', 'cold_start')).toBeUndefined();
  });

  it("follows the workspace's own on list, not the top-level one", () => {
    expect(alertRoute(config, '2', 'cold_start')).toEqual({ ...TOP_ROUTE, channel: 'C0PROD', on: ['cold_start'] });
    expect(alertRoute(config, '2', 'oss_403')).toBeUndefined();
    expect(alertRoute(config, '2', 'failed')).toBeUndefined();
  });

  it('routes nothing for a workspace with on: []', () => {
    for (const kind of ['oss_403', 'cold_start', 'failed'] as const)
      expect(alertRoute(config, '3', kind)).toBeUndefined();
  });

  it('routes nothing without a channel', () => {
    expect(alertRoute({ workspaces: [ws('1', 'prod')] }, '1', 'failed')).toBeUndefined();
  });
});

describe('watchOf', () => {
  it('defaults to all in prod and launched in dev', () => {
    expect(watchOf({ env: 'prod' })).toBe('all');
    expect(watchOf({ env: 'dev' })).toBe('launched');
  });

  it('keeps an explicit setting whatever the env', () => {
    expect(watchOf({ env: 'dev', watch: 'all' })).toBe('all');
    expect(watchOf({ env: 'prod', watch: 'launched' })).toBe('launched');
    expect(watchOf({ env: 'prod', watch: 'all' })).toBe('all');
    expect(watchOf({ env: 'dev', watch: 'launched' })).toBe('launched');
  });
});
