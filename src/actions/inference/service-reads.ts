// `/pai eas status`, `/pai eas events` and `/pai eas list`: read-only, answered to the requester.

import type { ActionHandler } from '../action-context.js';
import type { EasListJob, EasReadJob } from '../action-jobs.js';
import { eventTimeParam } from '../../pai/eas-client.js';
import { renderServiceDetails, renderServiceEvents, renderServiceList } from '../../render/service-details.js';
import { findManagedService } from './find-managed-service.js';

const DAY_MS = 86_400_000;

export const readService: ActionHandler<EasReadJob> = async ({
  job,
  eas,
  slack,
  config,
  region,
  clock,
  trackedServices,
  log,
}) => {
  const { service } = await findManagedService(eas, config.workspaces, job.service, region);
  if (job.type === 'eas.events') {
    const events = await eas.describeServiceEvents(job.service, {
      StartTime: eventTimeParam(clock.now() - DAY_MS),
      PageSize: 50,
    });
    await slack.tell(job.requester, renderServiceEvents(job.service, events.Events));
    return;
  }
  // Instances and warnings explain a service that is not ready; neither is worth failing the answer over.
  // The Service model carries no autoscaler (AutoscalerEnabled is only a ListServices filter): ask for it.
  const [instances, warnings, autoscaler] = await Promise.all([
    eas.listServiceInstances(job.service).then(
      (r) => r.Instances,
      (err: unknown) => (log.warn({ err }, 'ListServiceInstances failed'), []),
    ),
    eas
      .describeServiceEvents(job.service, {
        EventType: 'Warning',
        StartTime: eventTimeParam(clock.now() - DAY_MS),
        PageSize: 20,
      })
      .then(
        (r) => r.Events,
        (err: unknown) => (log.warn({ err }, 'DescribeServiceEvent failed'), []),
      ),
    eas.describeAutoScaler(job.service).then(
      (r) => (r.MaxReplica !== undefined ? { min: r.MinReplica, max: r.MaxReplica } : undefined),
      () => undefined,
    ),
  ]);
  const tracked = await trackedServices.get(job.service);
  await slack.tell(
    job.requester,
    renderServiceDetails(service, instances, warnings.slice(-5), tracked?.readyTimes ?? [], autoscaler),
  );
};

export const listServices: ActionHandler<EasListJob> = async ({ job, eas, slack }) => {
  const page = await eas.listServices({ WorkspaceId: job.workspace.id, PageSize: 100, PageNumber: 1 });
  await slack.tell(job.requester, renderServiceList(job.workspace.name, page.Services, page.TotalCount));
};
