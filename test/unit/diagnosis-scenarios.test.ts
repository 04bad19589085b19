import { describe, expect, it } from 'vitest';
import {
  classifyJobFailure,
  classifyServiceFailure,
  type Classification,
  type KnownFailureCause,
} from '../../src/diagnosis/classify-failure.js';
import { CAUSE_PRIORITY } from '../../src/diagnosis/patterns.js';
import { serviceStateAt } from '@pai-bot/pai-sim/eas-lifecycle.js';
import { resolveServicePlan, type ServicePlan } from '@pai-bot/pai-sim/eas-plan.js';
import {
  JOB_FAILURE_SCENARIOS,
  JOB_FAILURE_VARIANTS,
  SERVICE_FAILURE_SCENARIOS,
  type SimFailureCause,
} from '@pai-bot/pai-sim/failure-scenarios.js';
import { resolvePlan } from '@pai-bot/pai-sim/job-lifecycle.js';
import { formatEvent, formatLogLine, jobEvents, podLogs } from '@pai-bot/pai-sim/job-logs.js';
import { podsOf, type JobRecord } from '@pai-bot/pai-sim/job-record.js';
import { renderJob, timelineOf } from '@pai-bot/pai-sim/job-view.js';
import type { JobPlan } from '@pai-bot/pai-sim/types.js';

const T0 = Date.UTC(2026, 0, 1);
const LATER = T0 + 24 * 3600_000;
const IMAGE = 'registry-vpc.cn-shanghai.aliyuncs.com/acme/llm-serve:v3';

function jobRecord(plan: Partial<JobPlan>): JobRecord {
  return {
    jobId: 'dlc1a2b3c4d5e6f7g',
    request: {
      DisplayName: 'bert-ft',
      JobType: 'PyTorchJob',
      JobSpecs: [
        {
          Type: 'Worker',
          Image: 'registry-vpc.cn-hangzhou.aliyuncs.com/acme/trainer:v2',
          PodCount: 2,
          EcsSpec: 'ecs.gn7-c12g1.3xlarge',
        },
      ],
      UserCommand: 'torchrun --nproc_per_node=1 train.py --data /mnt/data',
      WorkspaceId: 'ws1',
      DataSources: [{ Uri: 'oss://ml-data.oss-cn-hangzhou-internal.aliyuncs.com/imagenet/', MountPath: '/mnt/data' }],
    },
    createdAt: T0,
    plan: resolvePlan(plan),
    userId: '1000000000000001',
    seq: 0,
  };
}

/** What the bot would read from the simulator once the job has failed: GetJob, GetJobEvents, GetPodLogs of every pod. */
function classifySimulatedJob(plan: Partial<JobPlan>): Classification {
  const record = jobRecord(plan);
  const timeline = timelineOf(record);
  const job = renderJob(record, LATER);
  expect(job.Status).toBe('Failed');
  const logs = podsOf(record).flatMap((pod) => podLogs(record, pod, timeline, LATER).map(formatLogLine));
  return classifyJobFailure({
    ...(job.ReasonCode === undefined ? {} : { reasonCode: job.ReasonCode }),
    ...(job.ReasonMessage === undefined ? {} : { reasonMessage: job.ReasonMessage }),
    events: jobEvents(record, timeline, LATER).map(formatEvent),
    logs,
    jobId: record.jobId,
  });
}

/** What the bot would read once the service has failed: DescribeService, DescribeServiceEvent, instances, diagnosis. */
function classifySimulatedService(plan: Partial<ServicePlan>): Classification {
  const resolved = resolveServicePlan(plan);
  const state = serviceStateAt(
    {
      name: 'llm',
      serviceId: 'eas-m-test',
      createdAt: T0,
      plan: resolved,
      instances: 2,
      coldStartMs: resolved.coldStartMs,
      image: IMAGE,
      ops: [],
    },
    T0 + 10 * 60_000,
  );
  expect(state.status).toBe('Failed');
  return classifyServiceFailure({
    reason: state.reason,
    message: state.message,
    events: state.events.map((e) => ({ Type: e.type, Reason: e.reason, Message: e.message })),
    instances: state.instances.map((i) => ({
      InstanceName: i.name,
      Status: i.status,
      Reason: i.reason,
      RestartCount: i.restartCount,
    })),
    diagnosis: state.failure?.diagnosis ?? [],
    serviceName: 'llm',
  });
}

function checkEvidence(c: Classification): void {
  expect(c.evidence.length).toBeGreaterThan(0);
  expect(c.evidence.length).toBeLessThanOrEqual(5);
  for (const e of c.evidence) expect(e.line.length).toBeLessThanOrEqual(300);
}

// The simulator keeps its own list of causes (it never imports the bot): both directions must hold at compile time.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const causesAgree: Same<SimFailureCause, KnownFailureCause> = true;

describe('the simulator and the classifier know the same causes', () => {
  it('one scenario per cause the classifier knows, and no other', () => {
    expect(causesAgree).toBe(true);
    expect(Object.keys(JOB_FAILURE_SCENARIOS).sort()).toEqual([...CAUSE_PRIORITY].sort());
  });
});

describe('DLC failure scenarios are classified to their own cause', () => {
  for (const [cause, plan] of Object.entries(JOB_FAILURE_SCENARIOS)) {
    it(`${cause}: from the plan fields`, () => {
      const c = classifyJobFailure({
        ...(plan.reasonCode === undefined ? {} : { reasonCode: plan.reasonCode }),
        ...(plan.reasonMessage === undefined ? {} : { reasonMessage: plan.reasonMessage }),
        events: plan.events ?? [],
        logs: plan.logs ?? [],
      });
      expect(c.cause).toBe(cause);
      checkEvidence(c);
    });

    it(`${cause}: as the simulator shows the failed job (timestamps, progress lines, transition events, every pod)`, () => {
      const c = classifySimulatedJob(plan);
      expect(c.cause).toBe(cause);
      checkEvidence(c);
    });
  }

  for (const variant of JOB_FAILURE_VARIANTS) {
    it(`variant ${variant.name} is ${variant.cause}`, () => {
      const c = classifySimulatedJob(variant.plan);
      expect(c.cause).toBe(variant.cause);
      checkEvidence(c);
    });
  }

  it('the default failure of the simulator (exit code 1 + RuntimeError traceback) is user code', () => {
    expect(classifySimulatedJob({ outcome: 'Failed' }).cause).toBe('user_code');
  });

  it('a succeeded job shows nothing a cause could be read from', () => {
    const record = jobRecord({ outcome: 'Succeeded' });
    const timeline = timelineOf(record);
    const c = classifyJobFailure({
      reasonCode: 'JobSucceeded',
      reasonMessage: 'Job has succeeded.',
      events: jobEvents(record, timeline, LATER).map(formatEvent),
      logs: podsOf(record).flatMap((pod) => podLogs(record, pod, timeline, LATER).map(formatLogLine)),
    });
    expect(c.cause).toBe('unknown');
  });

  it('finds the bucket of the OSS scenarios', () => {
    expect(classifySimulatedJob(JOB_FAILURE_SCENARIOS.oss_permission).bucket).toBe('ml-data');
    const byName = Object.fromEntries(JOB_FAILURE_VARIANTS.map((v) => [v.name, v.plan]));
    expect(classifySimulatedJob(byName['ossfs-mount-403'] ?? {}).bucket).toBe('ml-data');
    const missing = classifySimulatedJob(byName['no-such-bucket'] ?? {});
    expect(missing.bucket).toBe('ml-corpus-prod');
    expect(missing.nextStep).toMatch(
      /^Check that bucket ml-corpus-prod exists and is in the job's region .*; if it does, grant PAI's service role/,
    );
  });

  it('the OSS scenario decides on the oss2 exception, not on the traceback around it', () => {
    const c = classifySimulatedJob(JOB_FAILURE_SCENARIOS.oss_permission);
    expect(c.evidence.some((e) => e.source === 'log' && e.line.includes('oss2.exceptions.AccessDenied'))).toBe(true);
    expect(c.nextStep).toContain('bucket ml-data');
    expect(c.nextStep).toContain('/pai oss check oss://ml-data/');
  });

  it('the spot scenario wins over the NCCL timeouts the reclaim causes on the surviving rank', () => {
    const c = classifySimulatedJob(JOB_FAILURE_SCENARIOS.spot_preemption);
    expect(c.cause).toBe('spot_preemption');
    expect(c.evidence.map((e) => e.line).join('\n')).toContain('SpotInstanceReclaimed');
  });

  it('the user code scenario shows the exception line and names the job in the next step', () => {
    const c = classifySimulatedJob(JOB_FAILURE_SCENARIOS.user_code);
    expect(c.evidence.some((e) => e.line.includes("ModuleNotFoundError: No module named 'transformers'"))).toBe(true);
    expect(c.nextStep).toContain('/pai dlc logs dlc1a2b3c4d5e6f7g');
  });

  it('scenarios are frozen so one test cannot change another', () => {
    expect(Object.isFrozen(JOB_FAILURE_SCENARIOS.oss_permission)).toBe(true);
    expect(Object.isFrozen(JOB_FAILURE_SCENARIOS.oss_permission.logs)).toBe(true);
    expect(Object.isFrozen(SERVICE_FAILURE_SCENARIOS.out_of_memory.warningEvents)).toBe(true);
  });
});

describe('EAS failure scenarios are classified to their own cause', () => {
  for (const [cause, plan] of Object.entries(SERVICE_FAILURE_SCENARIOS)) {
    it(`${cause}: as the simulator shows the failed service`, () => {
      const c = classifySimulatedService(plan);
      expect(c.cause).toBe(cause);
      checkEvidence(c);
    });
  }

  it('finds the bucket of the model mount', () => {
    const c = classifySimulatedService(SERVICE_FAILURE_SCENARIOS.oss_permission);
    expect(c.bucket).toBe('ml-models');
    expect(c.nextStep).toContain('the role EAS uses to mount OSS');
  });

  it('the simulator default failure (ImagePullBackOff of the deployed image) is an image pull', () => {
    expect(classifySimulatedService({ outcome: 'Failed' }).cause).toBe('image_pull');
  });

  it('a plain CrashLoopBackOff is a crash of the service process', () => {
    const c = classifySimulatedService({ outcome: 'Failed', reason: 'CrashLoopBackOff' });
    expect(c.cause).toBe('user_code');
    expect(c.nextStep).toContain('/pai eas events llm');
  });
});
