// The stateful PAI simulator: DLC jobs, EAS services and DSW notebooks on a controllable clock, AIWorkspace listing,
// real V3 signature checks, and fault knobs. Used by the integration tests and by sandbox mode.

import { systemClock } from '@pai-bot/sim-kit/clock.js';
import { dlcRoutes } from './dlc-routes.js';
import { DlcSpecCatalogue } from './dlc-specs.js';
import { EasMachineSpecCatalogue, easMachineSpecRoute } from './eas-machine-specs.js';
import { dswControls } from './dsw-controls.js';
import { dswRoutes, type DswContext } from './dsw-routes.js';
import { EcsSpecCatalogue } from './dsw-specs.js';
import { NotebookStore } from './dsw-store.js';
import { easRoutes } from './eas-routes.js';
import { stateOf, ServiceStore } from './eas-store.js';
import { simServiceOf } from './eas-view.js';
import { addExternalJob, autoscaleService } from './external.js';
import { FaultBoard } from './faults.js';
import { GALLERY_CATALOGUE, withVersion } from './gallery-catalogue.js';
import { SimHttpServer } from './http.js';
import { CONSOLE_USER } from './ids.js';
import { JobStore } from './job-store.js';
import { renderJobItem } from './job-view.js';
import { NonceCache } from './nonce-cache.js';
import { compileRoute, type Route } from './routes.js';
import type { PaiSimulator, PaiSimulatorOptions, RecordedCall, SimJob } from './types.js';
import { workspaceRoutes } from './workspace-routes.js';

export type {
  ExternalJob,
  JobPlan,
  PaiSimulator,
  PaiSimulatorOptions,
  RecordedCall,
  SimJob,
  SimWorkspace,
  FaultKind,
} from './types.js';
export { DEFAULT_JOB_PLAN } from './types.js';
export type { DlcEcsSpec } from './wire/dlc.js';
export { DLC_ECS_SPECS } from './dlc-specs.js';
export type { EasMachineSpec } from './wire/eas.js';
export { EAS_MACHINE_SPECS } from './eas-machine-specs.js';
export type { ServicePlan, SimService, SimAutoscaler, ServiceWarning, ServiceDiagnosis } from './eas-plan.js';
export { DEFAULT_SERVICE_PLAN } from './eas-plan.js';
export type { ExternalNotebook, NotebookPlan, SimNotebook, Utilisation, UtilisationStep } from './dsw-plan.js';
export { DEFAULT_NOTEBOOK_PLAN } from './dsw-plan.js';
export { signRequestV3 } from './signature.js';
export { CONSOLE_USER } from './ids.js';

function describe(call: RecordedCall): string {
  const tags = [
    call.fault && `fault=${call.fault}`,
    call.errorCode,
    call.delayedMs && `delayed ${call.delayedMs} ms`,
  ].filter(Boolean);
  return `${call.method} ${call.path} ${call.action} -> ${call.status}${tags.length ? ` (${tags.join(', ')})` : ''}`;
}

export function createPaiSimulator(opts: PaiSimulatorOptions): PaiSimulator {
  const log = opts.log ?? (() => undefined);
  const workspaces = [...(opts.workspaces ?? [])];
  const store = new JobStore(opts.defaultPlan);
  const region = opts.region ?? 'cn-shanghai';
  const services = new ServiceStore(opts.defaultServicePlan);
  const faults = new FaultBoard();
  const calls: RecordedCall[] = [];
  const rejected: RecordedCall[] = [];

  const dlc = { store, workspaces, log };
  const dlcSpecs = new DlcSpecCatalogue();
  const eas = { store: services, workspaces, region, log };
  const easSpecs = new EasMachineSpecCatalogue();
  const dsw: DswContext = { store: new NotebookStore(), catalogue: new EcsSpecCatalogue(), workspaces, region, log };
  // The routes read the catalogue at each call, so a version published by a test shows at once.
  const gallery = { workspaces, createdAt: opts.clock.now(), gallery: GALLERY_CATALOGUE };
  const routes: Route[] = [
    ...dlcRoutes(dlc, dlcSpecs),
    ...easRoutes(eas),
    easMachineSpecRoute(easSpecs),
    ...workspaceRoutes(gallery),
    ...dswRoutes(dsw),
  ];

  let latencyMs = opts.latencyMs;
  const listeners = new Set<(call: RecordedCall) => void>();
  const server = new SimHttpServer({
    latencyMs: () => latencyMs?.(),
    deps: {
      routes: routes.map(compileRoute),
      faults,
      nonces: new NonceCache(),
      clock: opts.clock,
      wallClock: opts.wallClock ?? systemClock,
      secretOf: (ak) => (Object.hasOwn(opts.credentials, ak) ? opts.credentials[ak] : undefined),
      securityTokenOf: (ak) =>
        opts.securityTokens && Object.hasOwn(opts.securityTokens, ak) ? opts.securityTokens[ak] : undefined,
    },
    onOutcome: (outcome) => {
      (outcome.rejected ? rejected : calls).push(outcome.call);
      if (!outcome.rejected) for (const listener of listeners) listener(outcome.call);
      log(`${outcome.rejected ? 'REJECTED ' : ''}${describe(outcome.call)}`);
    },
  });

  return {
    ...dswControls(dsw, opts.clock),
    start: (port, host) => server.start(port, host),
    addService: ({ name, workspaceId, image = 'img:1', instances = 1, uid = CONSOLE_USER.userId }) => {
      const now = opts.clock.now();
      if (services.get(name, now)) return false;
      const metadata = {
        name,
        instance: instances,
        ...(workspaceId === undefined ? {} : { workspace_id: workspaceId }),
      };
      const config = { metadata, containers: [{ image, port: 8000 }] };
      services.create(
        {
          name,
          config,
          instances,
          image,
          region,
          uid,
          ...(workspaceId === undefined ? {} : { workspaceId }),
          labels: {},
        },
        now,
      );
      return true;
    },
    addJob: (input) => addExternalJob(dlc, input, opts.clock.now()),
    setDlcEcsSpecs: (specs) => dlcSpecs.set(specs),
    setEasMachineSpecs: (specs) => easSpecs.set(specs),
    publishModelVersion: (modelId, version) => {
      gallery.gallery = withVersion(gallery.gallery, modelId, version);
    },
    autoscale: (name, replicas, scaleOpts = {}) => autoscaleService(eas, name, replicas, scaleOpts, opts.clock.now()),
    onCall: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setLatency: (fn) => {
      latencyMs = fn;
    },
    stop: () => server.stop(),
    calls,
    rejected,
    callsOf: (action) => calls.filter((c) => c.action === action),
    jobs: (): SimJob[] => {
      const now = opts.clock.now();
      return store.all().map((record) => ({
        ...renderJobItem(record, now),
        plan: { ...record.plan },
        createdAt: record.createdAt,
        ...(record.stopRequestedAt === undefined ? {} : { stopRequestedAt: record.stopRequestedAt }),
      }));
    },
    throttleNext: (n, action) => faults.addError(n, { kind: 'throttle' }, action),
    serverErrorNext: (n, action, status = 503) => faults.addError(n, { kind: 'serverError', status }, action),
    nonJsonNext: (n, action) => faults.addError(n, { kind: 'nonJson' }, action),
    delayNext: (ms, action) => faults.addDelay(ms, action),
    denyAction: (action, authAction) => faults.deny(action, authAction),
    allowAction: (action) => faults.allow(action),
    clearFaults: () => faults.clear(),
    planNextJob: (plan) => store.planNext(plan),
    planJobNamed: (displayName, plan) => store.planNamed(displayName, plan),
    services: () => {
      const now = opts.clock.now();
      return services
        .all(now)
        .map((record) => simServiceOf(record, stateOf(record, now), services.heldColdStart(record.name)));
    },
    planNextService: (plan) => services.planNext(plan),
    planServiceNamed: (name, plan) => services.planNamed(name, plan),
    holdColdStart: (name, ms) => services.holdColdStart(name, ms),
  };
}
