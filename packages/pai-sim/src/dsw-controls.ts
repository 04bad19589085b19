// What tests do to DSW without a request: seed notebooks in a workspace (as if created at the console), set or script
// their CPU/GPU use, change list prices. Seeded notebooks go through the same store and lifecycle the routes use.

import type { Clock } from '@pai-bot/sim-kit/clock.js';
import {
  DEFAULT_CULLER_THRESHOLDS,
  DEFAULT_NOTEBOOK_PLAN,
  DEFAULT_UTILISATION,
  type DswSimulatorControls,
  type ExternalNotebook,
  type SimNotebook,
  type Utilisation,
} from './dsw-plan.js';
import type { DswContext } from './dsw-routes.js';
import { stateOf } from './dsw-store.js';
import { isGpuSpec } from './dsw-view.js';
import { CONSOLE_USER, usernameForUserId } from './ids.js';

export const DEFAULT_NOTEBOOK_SPEC = 'ecs.gn7i-c8g1.2xlarge';
export const DEFAULT_NOTEBOOK_IMAGE = 'dsw-registry.cn-shanghai.cr.aliyuncs.com/pai/modelscope:1.9.4-pytorch2.0.1';

function checkUtilisation(what: string, u: Utilisation): Utilisation {
  for (const [k, v] of [
    ['cpu', u.cpu],
    ['gpu', u.gpu],
  ] as const) {
    if (!Number.isFinite(v) || v < 0 || v > 100) {
      throw new RangeError(`${what}: ${k} must be a percentage from 0 to 100, got ${v}`);
    }
  }
  return { cpu: u.cpu, gpu: u.gpu };
}

function checkNonNegative(what: string, ms: number | undefined): number {
  if (ms === undefined) return 0;
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`${what} must be a finite number of ms >= 0, got ${ms}`);
  return ms;
}

export function dswControls(ctx: DswContext, clock: Clock): DswSimulatorControls {
  const known = (what: string, instanceId: string) => {
    const record = ctx.store.get(instanceId);
    if (!record) throw new Error(`${what}: no notebook ${instanceId}`);
    return record;
  };

  return {
    addNotebook(input: ExternalNotebook): string {
      const now = clock.now();
      const ecsSpec = input.ecsSpec ?? DEFAULT_NOTEBOOK_SPEC;
      if (!ctx.catalogue.get(ecsSpec)) {
        throw new Error(`addNotebook: ${ecsSpec} is not in the simulator's ECS spec list`);
      }
      const paymentType = input.paymentType ?? 'PayAsYouGo';
      if (paymentType === 'Subscription' && !input.resourceId) {
        throw new Error('addNotebook: a Subscription notebook needs a resourceId');
      }
      const runningBeforeMs = checkNonNegative('addNotebook: runningBeforeMs', input.runningBeforeMs);
      const createdAgoMs = checkNonNegative('addNotebook: createdAgoMs', input.createdAgoMs ?? runningBeforeMs);
      const { culler } = input;
      if (culler && (!Number.isInteger(culler.maxIdleTimeInMinutes) || culler.maxIdleTimeInMinutes < 1)) {
        const got = culler.maxIdleTimeInMinutes;
        throw new RangeError(`addNotebook: culler.maxIdleTimeInMinutes must be a whole number >= 1, got ${got}`);
      }
      const userId = input.userId ?? CONSOLE_USER.userId;
      const record = ctx.store.add({
        ...(input.name === undefined ? {} : { name: input.name }),
        workspaceId: input.workspaceId,
        ecsSpec,
        paymentType,
        resourceId: paymentType === 'Subscription' ? input.resourceId : undefined,
        userId,
        userName: input.userName ?? (input.userId === undefined ? CONSOLE_USER.username : usernameForUserId(userId)),
        image: input.image ?? DEFAULT_NOTEBOOK_IMAGE,
        labels: { ...input.labels },
        createdAt: now - createdAgoMs,
        input: {
          startsAt: now,
          initialStatus: input.status ?? 'Running',
          runningBeforeMs,
          gpu: isGpuSpec(ctx.catalogue, ecsSpec),
          plan: { ...DEFAULT_NOTEBOOK_PLAN, ...input.plan },
          utilisation: checkUtilisation('addNotebook', input.utilisation ?? DEFAULT_UTILISATION),
          culler: culler && {
            maxIdleTimeInMinutes: culler.maxIdleTimeInMinutes,
            cpuPercentThreshold: culler.cpuPercentThreshold ?? DEFAULT_CULLER_THRESHOLDS.cpuPercentThreshold,
            gpuPercentThreshold: culler.gpuPercentThreshold ?? DEFAULT_CULLER_THRESHOLDS.gpuPercentThreshold,
          },
          ops: [],
        },
      });
      ctx.log(`DSW notebook ${record.instanceId} (${record.name}) added in workspace ${record.workspaceId}`);
      return record.instanceId;
    },

    setNotebookUtilisation(instanceId, utilisation) {
      const record = known('setNotebookUtilisation', instanceId);
      const u = checkUtilisation('setNotebookUtilisation', utilisation);
      ctx.store.record(record.instanceId, { kind: 'utilisation', at: clock.now(), utilisation: u });
    },

    planNotebookUtilisation(instanceId, steps) {
      const record = known('planNotebookUtilisation', instanceId);
      const now = clock.now();
      for (const step of steps) {
        const at = now + checkNonNegative('planNotebookUtilisation: afterMs', step.afterMs);
        const utilisation = checkUtilisation('planNotebookUtilisation', step);
        ctx.store.record(record.instanceId, { kind: 'utilisation', at, utilisation });
      }
    },

    notebooks(): SimNotebook[] {
      const now = clock.now();
      return ctx.store.all().map((record) => {
        const state = stateOf(record, now);
        return {
          instanceId: record.instanceId,
          name: record.name,
          workspaceId: record.workspaceId,
          status: state.status,
          ecsSpec: record.ecsSpec,
          gpu: record.input.gpu,
          accumulatedRunningTimeMs: state.accumulatedRunningMs,
          idleMinutes: state.status === 'Running' ? state.idleMinutes : undefined,
          culler: state.culler,
          utilisation: state.utilisation,
          culledAt: state.culledAt,
          ops: [...record.input.ops],
        };
      });
    },

    setEcsSpecPrice(instanceType, price, currency) {
      ctx.catalogue.setPrice(instanceType, price, currency);
    },
  };
}
