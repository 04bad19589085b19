// The bot's wire types (src/pai/*-types.ts) against the simulator's, which are written from the SDK models
// (packages/pai-sim/src/wire/): every field the bot sends or reads must be one the SDK defines. These are compile-time
// checks (tsc runs before the suite); a new field the SDK does not know fails the typecheck here. Known gaps are
// listed by name and explained in docs/pai-wire-notes.md.

import { describe, expectTypeOf, it } from 'vitest';
import type {
  CreateJobRequest,
  DataSource,
  EcsSpec,
  Job,
  JobSettings,
  JobSpec,
  ListEcsSpecsQuery,
  ListJobsQuery,
  Pod,
  StatusHistoryItem,
} from '../../src/pai/dlc-types.js';
import type {
  AutoScalerRequest,
  DescribeServiceAutoScalerResponse,
  ListServicesQuery,
  ReleaseServiceRequest,
  Service,
  ServiceEvent,
  ServiceInstance,
} from '../../src/pai/eas-types.js';
import type { ListServiceInstancesQuery } from '../../src/pai/eas-client.js';
import type { ListWorkspacesQuery, Workspace } from '../../src/pai/workspace-types.js';
import type {
  CREATE_JOB_BODY_KEYS,
  DATA_SOURCE_KEYS,
  DLC_QUERY_KEYS,
  DlcEcsSpec,
  DlcJob,
  DlcPod,
  DlcStatusTransition,
  JOB_SETTINGS_KEYS,
  JOB_SPEC_KEYS,
} from '@pai-bot/pai-sim/wire/dlc.js';
import type {
  AUTOSCALER_BODY_KEYS,
  EAS_QUERY_KEYS,
  EasDescribeAutoScalerResponse,
  EasInstance,
  EasService,
  EasServiceEvent,
  RELEASE_SERVICE_BODY_KEYS,
} from '@pai-bot/pai-sim/wire/eas.js';
import type { LIST_WORKSPACES_QUERY_KEYS, WireWorkspace } from '@pai-bot/pai-sim/wire/workspace.js';

/** Keys of the bot's type that the SDK's model does not have. */
type NotInSdk<Bot, Sdk> = Exclude<keyof Bot, keyof Sdk>;
type NotIn<Bot, Keys extends readonly string[]> = Exclude<keyof Bot, Keys[number]>;

describe('bot request types use only SDK field names', () => {
  it('DLC', () => {
    expectTypeOf<NotIn<CreateJobRequest, typeof CREATE_JOB_BODY_KEYS>>().toEqualTypeOf<never>();
    expectTypeOf<NotIn<JobSpec, typeof JOB_SPEC_KEYS>>().toEqualTypeOf<never>();
    expectTypeOf<NotIn<DataSource, typeof DATA_SOURCE_KEYS>>().toEqualTypeOf<never>();
    expectTypeOf<NotIn<JobSettings, typeof JOB_SETTINGS_KEYS>>().toEqualTypeOf<never>();
    expectTypeOf<NotIn<ListJobsQuery, (typeof DLC_QUERY_KEYS)['ListJobs']>>().toEqualTypeOf<never>();
    expectTypeOf<NotIn<ListEcsSpecsQuery, (typeof DLC_QUERY_KEYS)['ListEcsSpecs']>>().toEqualTypeOf<never>();
  });

  it('EAS', () => {
    expectTypeOf<NotIn<ListServicesQuery, (typeof EAS_QUERY_KEYS)['ListServices']>>().toEqualTypeOf<never>();
    expectTypeOf<
      NotIn<ListServiceInstancesQuery, (typeof EAS_QUERY_KEYS)['ListServiceInstances']>
    >().toEqualTypeOf<never>();
    expectTypeOf<NotIn<AutoScalerRequest, typeof AUTOSCALER_BODY_KEYS>>().toEqualTypeOf<never>();
    expectTypeOf<NotIn<ReleaseServiceRequest, typeof RELEASE_SERVICE_BODY_KEYS>>().toEqualTypeOf<never>();
  });

  it('AIWorkspace', () => {
    expectTypeOf<NotIn<ListWorkspacesQuery, typeof LIST_WORKSPACES_QUERY_KEYS>>().toEqualTypeOf<never>();
  });
});

describe('bot response types read only SDK fields', () => {
  it('DLC: GetJob and ListJobs items (Username is a JobItem field only; the bot reads it from ListJobs items)', () => {
    expectTypeOf<NotInSdk<Job, DlcJob & { Username?: string }>>().toEqualTypeOf<never>();
    expectTypeOf<NotInSdk<Pod, DlcPod>>().toEqualTypeOf<never>();
    expectTypeOf<NotInSdk<StatusHistoryItem, DlcStatusTransition>>().toEqualTypeOf<never>();
    expectTypeOf<NotInSdk<EcsSpec, DlcEcsSpec>>().toEqualTypeOf<never>();
  });

  it('EAS: Service, Instance, events, autoscaler', () => {
    expectTypeOf<NotInSdk<Service, EasService>>().toEqualTypeOf<never>();
    expectTypeOf<NotInSdk<ServiceInstance, EasInstance>>().toEqualTypeOf<never>();
    expectTypeOf<NotInSdk<ServiceEvent, EasServiceEvent>>().toEqualTypeOf<never>();
    expectTypeOf<NotInSdk<DescribeServiceAutoScalerResponse, EasDescribeAutoScalerResponse>>().toEqualTypeOf<never>();
  });

  it('AIWorkspace: Workspace', () => {
    expectTypeOf<NotInSdk<Workspace, WireWorkspace>>().toEqualTypeOf<never>();
  });
});
