// The contract between the prod gate and the use cases that change something at PAI. A change handler
// is never handed a PAI client that writes: it gets the read-only halves of the clients, the target the
// gate resolved (once), and `apply`, whose writes are bound to that target. So a mutating call that did
// not pass the gate cannot be written, and a handler cannot act on anything but what the gate checked.

import type { WorkspaceConfig } from '../config/file-schema.js';
import type { DlcClient } from '../pai/dlc-client.js';
import type { DswClient } from '../pai/dsw-client.js';
import type { CreateIdleInstanceCullerRequest, DswActionResponse, DswInstance } from '../pai/dsw-types.js';
import type { CreateJobRequest, CreateJobResponse, GetJobResponse, StopJobResponse } from '../pai/dlc-types.js';
import type { EasClient } from '../pai/eas-client.js';
import type {
  AutoScalerRequest,
  CreateServiceResponse,
  DescribeServiceResponse,
  MessageResponse,
  ReleaseServiceRequest,
  ServiceConfig,
  SpecServiceConfig,
} from '../pai/eas-types.js';
import type { ActionContext } from './action-context.js';
import type {
  DlcStopJob,
  DlcSubmitJob,
  DswChangeJob,
  EasChangeJob,
  EasDeployJob,
  GalleryDeployJob,
  MutatingJob,
} from './action-jobs.js';
import type { ModelDeploy } from './gallery/model-service.js';

/** The DLC calls that only read. */
export type DlcReads = Omit<DlcClient, 'createJob' | 'stopJob'>;
/** The EAS calls that only read. */
export type EasReads = Pick<
  EasClient,
  | 'describeService'
  | 'listServices'
  | 'describeAutoScaler'
  | 'describeServiceEvents'
  | 'listServiceInstances'
  | 'describeServiceDiagnosis'
>;

/** The DSW calls that only read. */
export type DswReads = Pick<
  DswClient,
  'listInstances' | 'getInstance' | 'getIdleCuller' | 'getInstanceMetrics' | 'listEcsSpecs'
>;

/** A job to be created in a workspace. */
export interface NewJobTarget {
  kind: 'new-job';
  workspace: WorkspaceConfig;
}
/** An existing job, as PAI showed it to the gate. */
export interface JobTarget {
  kind: 'job';
  workspace: WorkspaceConfig;
  job: GetJobResponse;
}
/** A service to be created under this name in a workspace. */
export interface NewServiceTarget {
  kind: 'new-service';
  workspace: WorkspaceConfig;
  service: string;
  /** A gallery deploy: the model version read at the gate and the exact request made of it, which an approval binds. */
  model?: ModelDeploy;
}
/** An existing service, as PAI showed it to the gate. */
export interface ServiceTarget {
  kind: 'service';
  workspace: WorkspaceConfig;
  service: DescribeServiceResponse;
}
/**
 * An existing DSW notebook of the command's workspace, as PAI showed it to the gate: the fields the approval card and
 * the handler read, nothing else (the target is checkpointed in Redis; GetInstance carries access URLs).
 */
export interface NotebookTarget {
  kind: 'notebook';
  workspace: WorkspaceConfig;
  instance: NotebookView;
}
export type NotebookView = Pick<
  DswInstance,
  | 'InstanceId'
  | 'InstanceName'
  | 'WorkspaceId'
  | 'Status'
  | 'EcsSpec'
  | 'AcceleratorType'
  | 'AccumulatedRunningTimeInMs'
  | 'IdleInstanceCuller'
  | 'ReasonCode'
  | 'ReasonMessage'
>;
export type ChangeTarget = NewJobTarget | JobTarget | NewServiceTarget | ServiceTarget | NotebookTarget;

/** The writes each kind of change may make, already bound to its target. */
export interface NewJobWrites {
  /** CreateJob in the target workspace (the body's WorkspaceId is the target's, whatever the handler passes). */
  createJob(req: Omit<CreateJobRequest, 'WorkspaceId'>): Promise<CreateJobResponse>;
}
export interface JobWrites {
  stopJob(): Promise<StopJobResponse>;
}
export interface NewServiceWrites {
  /**
   * CreateService of the target name in the target workspace. For a gallery target, exactly its request (config and
   * labels) and nothing else.
   */
  createService(
    config: ServiceConfig | SpecServiceConfig,
    labels?: Record<string, string>,
  ): Promise<CreateServiceResponse>;
}
export interface ServiceWrites {
  scale(instances: number): Promise<MessageResponse>;
  createAutoScaler(req: AutoScalerRequest): Promise<MessageResponse>;
  updateAutoScaler(req: AutoScalerRequest): Promise<MessageResponse>;
  release(req: ReleaseServiceRequest): Promise<MessageResponse>;
  stop(): Promise<MessageResponse>;
  start(): Promise<MessageResponse>;
  restart(): Promise<MessageResponse>;
  delete(): Promise<MessageResponse>;
}

export interface NotebookWrites {
  /** StopInstance; SaveImage=true only when saveImage. */
  stop(opts: { saveImage: boolean }): Promise<DswActionResponse>;
  start(): Promise<DswActionResponse>;
  /**
   * The idle-stop policy: DeleteIdleInstanceCuller first when there is a `previous` one (PAI keeps one policy per
   * instance; one already gone is fine), then CreateIdleInstanceCuller with `req`; a Create refused after the Delete
   * puts `previous` back (src/actions/notebooks/put-back-idle-culler.ts).
   */
  replaceIdleCuller(
    req: CreateIdleInstanceCullerRequest,
    previous: CreateIdleInstanceCullerRequest | undefined,
  ): Promise<DswActionResponse>;
}

type TargetOf<T extends MutatingJob> = T extends DlcSubmitJob
  ? NewJobTarget
  : T extends DlcStopJob
    ? JobTarget
    : T extends EasDeployJob | GalleryDeployJob
      ? NewServiceTarget
      : T extends EasChangeJob
        ? ServiceTarget
        : T extends DswChangeJob
          ? NotebookTarget
          : never;
type WritesOf<T extends MutatingJob> = T extends DlcSubmitJob
  ? NewJobWrites
  : T extends DlcStopJob
    ? JobWrites
    : T extends EasDeployJob | GalleryDeployJob
      ? NewServiceWrites
      : T extends EasChangeJob
        ? ServiceWrites
        : T extends DswChangeJob
          ? NotebookWrites
          : never;

export interface ChangeContext<T extends MutatingJob> extends Omit<ActionContext<T>, 'dlc' | 'eas' | 'dsw'> {
  dlc: DlcReads;
  eas: EasReads;
  dsw: DswReads;
  /** Resolved once by the gate; for an approved run, the very resource that was approved. */
  target: TargetOf<T>;
  /**
   * Makes the change's one write to PAI, at most once per queued job: checkpointed before and after, so a retry
   * or a resumed run gets the first result back instead of calling PAI again. The result must be JSON.
   * `recover` is asked when an earlier attempt sent the write but never learnt its outcome (a timeout, a crash):
   * it returns the result when PAI shows the write happened, undefined when it shows it did not. Without it,
   * an approved change whose outcome is unknown is not sent again (it fails, saying so).
   */
  apply<R>(write: (pai: WritesOf<T>) => Promise<R>, recover?: () => Promise<R | undefined>): Promise<R>;
}

export type ChangeHandler<T extends MutatingJob> = (ctx: ChangeContext<T>) => Promise<void>;
