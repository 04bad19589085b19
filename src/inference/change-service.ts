// Worker side of `/pai eas scale|autoscale|stop|start|restart|delete|traffic`: check the service
// is ours to change, make the change, and keep its card and watch record in step.

import { operatorRefusal } from '../approvals/change-policy.js';
import { BotError } from '../errors/catalogue.js';
import type { EasClient } from '../pai/eas-client.js';
import type { ActionHandler } from '../queue/action-context.js';
import type { EasChange, EasChangeJob } from '../queue/action-jobs.js';
import type { Episode, ServiceSnapshot } from '../watchers/tracked-services.js';
import { findManagedService } from './find-managed-service.js';
import { snapshotOf } from './service-snapshot.js';
import { ensureServiceCard } from './service-card-upkeep.js';

export const changeService: ActionHandler<EasChangeJob> = async (ctx) => {
  const { job, eas, slack, config, region, clock, log } = ctx;
  const { service, workspace } = await findManagedService(eas, config.workspaces, job.service, region);
  const refusal = await operatorRefusal(workspace, job.requester.userId, ctx.directory);
  if (refusal) throw new BotError('NOT_AN_OPERATOR', `Nothing was changed on ${job.service}. ${refusal}`);

  const before = snapshotOf(service);
  const outcome = await apply(eas, job.service, job.change, before);
  log.info({ service: job.service, verb: job.change.verb, workspace: workspace.name }, 'EAS service changed');

  const episode: Episode | null | undefined = outcome.episode ? { kind: outcome.episode, startedAt: clock.now() } : outcome.endsEpisode ? null : undefined;
  const tracked = await ensureServiceCard(ctx, {
    service: job.service,
    workspace: { name: workspace.name, id: workspace.id },
    ...(service.Image ? { image: service.Image } : {}),
    snapshot: outcome.snapshot,
    ...(episode !== undefined ? { episode } : {}),
    ...(job.change.verb === 'delete' ? { onlyIfTracked: true } : {}),
  });
  if (tracked?.cardTs) await slack.post(tracked.channelId, { text: `${outcome.summary} (by <@${job.requester.userId}>)` }, tracked.cardTs).catch((err: unknown) => log.warn({ err }, 'could not reply under the card'));
  await slack.tell(job.requester, { text: outcome.summary });
};

interface Outcome {
  summary: string;
  snapshot: ServiceSnapshot;
  episode?: Episode['kind'];
  endsEpisode?: boolean;
}

async function apply(eas: EasClient, name: string, change: EasChange, before: ServiceSnapshot): Promise<Outcome> {
  switch (change.verb) {
    case 'scale': {
      await eas.scaleService(name, change.replicas);
      const up = change.replicas > before.total;
      return {
        summary: `Scaling ${name} from ${before.total} to ${change.replicas} instance(s).${change.replicas === 0 ? ' At 0 it serves nothing until scaled up again, and the next scale-up pays a full cold start.' : ''}`,
        snapshot: { ...before, total: change.replicas, status: up ? 'Scaling' : before.status },
        ...(up ? { episode: 'scale-up' as const } : {}),
      };
    }
    case 'autoscale': {
      const req = { min: change.min, max: change.max, ...(change.qps !== undefined ? { scaleStrategies: [{ metricName: 'qps' as const, threshold: change.qps }] } : {}) };
      const exists = await eas.describeAutoScaler(name).then((r) => r.MaxReplica !== undefined, () => false);
      await (exists ? eas.updateAutoScaler(name, req) : eas.createAutoScaler(name, req));
      const warning = change.min === 0 ? ' With min 0 it scales to zero when idle: the first request after that waits for a full cold start.' : '';
      return { summary: `Autoscaling ${name} between ${change.min} and ${change.max} instance(s)${change.qps !== undefined ? ` at ${change.qps} QPS per instance` : ''}.${warning}`, snapshot: before };
    }
    case 'traffic':
      await eas.releaseService(name, { Weight: change.weight });
      return { summary: `Traffic weight of ${name} set to ${change.weight}.`, snapshot: before };
    case 'stop':
      if (before.status === 'Stopped') throw new BotError('SERVICE_STATE', `${name} is already stopped.`);
      await eas.stopService(name);
      return { summary: `Stopping ${name}; requests to it fail until /pai eas start ${name}.`, snapshot: { ...before, status: 'Stopping' }, endsEpisode: true };
    case 'start':
      if (before.status !== 'Stopped') throw new BotError('SERVICE_STATE', `${name} is ${before.status}, not stopped; nothing to start. (/pai eas restart ${name} replaces its instances.)`);
      await eas.startService(name);
      return { summary: `Starting ${name}; expect a cold start while instances come up.`, snapshot: { ...before, status: 'Starting' }, episode: 'start' };
    case 'restart':
      await eas.restartService(name);
      return { summary: `Restarting ${name}; its instances are replaced.`, snapshot: before, episode: 'restart' };
    case 'delete':
      await eas.deleteService(name);
      return { summary: `Deleting ${name}.`, snapshot: { ...before, status: 'Deleting' }, endsEpisode: true };
  }
}
