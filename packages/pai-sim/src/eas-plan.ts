// What a simulated EAS service will do (its plan), and what the simulator shows about it (SimService). Pure.

import type { EasInstance, EasService } from './wire/eas.js';

export interface ServiceWarning {
  Reason: string;
  Message: string;
}

export interface ServiceDiagnosis {
  Error: string;
  Causes: string[];
  Advices: string[];
}

/** Phase durations and ending of one simulated EAS service. */
export interface ServicePlan {
  /** Creating: before any instance exists. */
  creatingMs: number;
  /** How long new instances stay Pending (image pull + model load) in every not-ready episode, unless holdColdStart says otherwise. */
  coldStartMs: number;
  /** StopService: Stopping for this long, then Stopped. */
  stoppingMs: number;
  /** DeleteService: Deleting for this long, then gone (404). */
  deletingMs: number;
  /** 'Failed' makes the service go Failed at the end of its first cold start. */
  outcome: 'Running' | 'Failed';
  /** Service Reason when Failed (default 'ImagePullBackOff'). */
  reason?: string;
  /** Service Message when Failed (default derived from the reason and the image). */
  message?: string;
  /** Instance Reason when Failed (default: `reason` when it is a container reason, else 'CrashLoopBackOff'). */
  instanceReason?: string;
  /**
   * Extra Warning events. With outcome Failed they appear when the service fails (instead of the default pod warnings);
   * with outcome Running they appear halfway through the first cold start (e.g. readiness probe failures).
   */
  warningEvents?: ServiceWarning[];
  /** DescribeServiceDiagnosis entries. With outcome Failed: shown once Failed (default derived from the reason); with Running: shown while instances are pending. */
  diagnosis?: ServiceDiagnosis[];
}

export const DEFAULT_SERVICE_PLAN: Readonly<ServicePlan> = Object.freeze({
  creatingMs: 2_000,
  coldStartMs: 10_000,
  stoppingMs: 2_000,
  deletingMs: 2_000,
  outcome: 'Running',
});

const DURATIONS = ['creatingMs', 'coldStartMs', 'stoppingMs', 'deletingMs'] as const;

/** Later partials win; negative or non-finite durations fall back to the default so a typo cannot hang a service. */
export function resolveServicePlan(...partials: (Partial<ServicePlan> | undefined)[]): ServicePlan {
  const plan: ServicePlan = { ...DEFAULT_SERVICE_PLAN };
  for (const partial of partials) {
    if (!partial) continue;
    for (const [key, value] of Object.entries(partial)) {
      if (value !== undefined) (plan as unknown as Record<string, unknown>)[key] = value;
    }
  }
  for (const key of DURATIONS) {
    if (!Number.isFinite(plan[key]) || plan[key] < 0) plan[key] = DEFAULT_SERVICE_PLAN[key];
  }
  if (plan.outcome !== 'Failed') plan.outcome = 'Running';
  return plan;
}

/** Container-level reasons Kubernetes reports for a pod that cannot become ready. */
const CONTAINER_REASONS = [
  'ImagePullBackOff',
  'ErrImagePull',
  'CrashLoopBackOff',
  'CreateContainerConfigError',
  'OOMKilled',
  'RunContainerError',
];

export interface FailureDetails {
  reason: string;
  message: string;
  instanceReason: string;
  /** True when the image never arrives (no 'Pulled' event, no restarts). */
  imagePull: boolean;
  /** Pod Warning events at the moment of failure. */
  podWarnings: ServiceWarning[];
  diagnosis: ServiceDiagnosis[];
}

/** Everything a Failed outcome shows, filled in from the plan or derived from its reason and the image. */
export function failureDetails(plan: ServicePlan, image: string): FailureDetails {
  const reason = plan.reason ?? 'ImagePullBackOff';
  const instanceReason = plan.instanceReason ?? (CONTAINER_REASONS.includes(reason) ? reason : 'CrashLoopBackOff');
  const imagePull = instanceReason === 'ImagePullBackOff' || instanceReason === 'ErrImagePull';
  const message =
    plan.message ??
    (imagePull
      ? `Failed to pull image "${image}": access denied or repository does not exist.`
      : `The container keeps exiting (${instanceReason}); see the service logs of the previous run.`);
  const podWarnings =
    plan.warningEvents ??
    (imagePull
      ? [
          {
            Reason: 'Failed',
            Message: `Failed to pull image "${image}": rpc error: code = Unknown desc = pull access denied, repository does not exist or may require authorization`,
          },
          { Reason: 'BackOff', Message: `Back-off pulling image "${image}"` },
        ]
      : [{ Reason: 'BackOff', Message: 'Back-off restarting failed container' }]);
  const diagnosis =
    plan.diagnosis ??
    (imagePull
      ? [
          {
            Error: instanceReason,
            Causes: [`the image ${image} could not be pulled: access denied`],
            Advices: ['check the image address and the registry credentials (dockerAuth)'],
          },
        ]
      : [
          {
            Error: instanceReason,
            Causes: ['the container exited shortly after starting, repeatedly'],
            Advices: [
              'read the logs of the previous run (DescribeServiceLog with Previous=true)',
              'check the start command, the model path and the memory limit',
            ],
          },
        ]);
  return { reason, message, instanceReason, imagePull, podWarnings, diagnosis };
}

export interface SimAutoscaler {
  min: number;
  max: number;
  scaleStrategies: { metricName: string; threshold: number }[];
}

/** A service as DescribeService shows it right now, plus the simulator's bookkeeping. */
export interface SimService extends EasService {
  ServiceId: string;
  plan: ServicePlan;
  createdAt: number;
  /** The current service config (parsed), as ServiceConfig shows it. */
  config: Record<string, unknown>;
  autoscaler?: SimAutoscaler;
  instances: EasInstance[];
  deleteRequestedAt?: number;
  /** A holdColdStart waiting for this service's next not-ready episode. */
  heldColdStartMs?: number;
}
