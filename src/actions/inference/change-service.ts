// Worker side of `/pai eas scale|autoscale|stop|start|restart|delete|traffic`: the gate found the service
// (in a configured workspace) and checked who asks; make the change once, keep its card and watch record in step.

import { BotError } from '../../errors/catalogue.js';
import type { EasChange, EasChangeJob } from '../action-jobs.js';
import type { ChangeHandler, ServiceWrites } from '../change-context.js';
import type { Episode, ServiceSnapshot } from '../watchers/tracked-services.js';
import { snapshotOf } from './service-snapshot.js';
import { autoscalerRequest, DEFAULT_AUTOSCALE_CPU } from './autoscaler-request.js';
import { ensureServiceCard } from './service-card-upkeep.js';

export const changeService: ChangeHandler<EasChangeJob> = async (ctx) => {
  const { job, eas, slack, clock, log, target } = ctx;
  const service = target.service;
  const name = service.ServiceName;
  const before = snapshotOf(service);
  if (!ctx.progress.applied) refuseInState(name, job.change, before);
  const hadAutoscaler =
    job.change.verb === 'autoscale' &&
    (await eas.describeAutoScaler(name).then(
      (r) => r.MaxReplica !== undefined,
      () => false,
    ));
  await ctx.apply((pai) => write(pai, job.change, hadAutoscaler));
  const outcome = describe(name, job.change, before);
  log.info({ service: name, verb: job.change.verb, workspace: target.workspace.name }, 'EAS service changed');

  const episode: Episode | null | undefined = outcome.episode
    ? { kind: outcome.episode, startedAt: clock.now() }
    : outcome.endsEpisode
      ? null
      : undefined;
  const tracked = await ensureServiceCard(ctx, {
    service: name,
    workspace: { name: target.workspace.name, id: target.workspace.id },
    ...(service.Image ? { image: service.Image } : {}),
    snapshot: outcome.snapshot,
    ...(episode !== undefined ? { episode } : {}),
    ...(job.change.verb === 'delete' ? { onlyIfTracked: true } : {}),
  });
  if (tracked?.cardTs)
    await ctx.outbox.post(
      tracked.channelId,
      { text: `${outcome.summary} (by <@${job.requester.userId}>)` },
      { threadTs: tracked.cardTs },
    );
  // The change is made; a private answer that cannot be delivered (the requester left, a Slack hiccup) is only logged.
  await slack
    .tell(job.requester, { text: outcome.summary })
    .catch((err: unknown) => log.warn({ err }, 'could not tell the requester'));
};

interface Outcome {
  summary: string;
  snapshot: ServiceSnapshot;
  episode?: Episode['kind'];
  endsEpisode?: boolean;
}

function refuseInState(name: string, change: EasChange, before: ServiceSnapshot): void {
  if (change.verb === 'stop' && before.status === 'Stopped')
    throw new BotError('SERVICE_STATE', `${name} is already stopped.`);
  if (change.verb === 'start' && before.status !== 'Stopped')
    throw new BotError(
      'SERVICE_STATE',
      `${name} is ${before.status}, not stopped; nothing to start. (/pai eas restart ${name} replaces its instances.)`,
    );
}

/** The one write of each verb; its result is what the checkpoint keeps. */
async function write(pai: ServiceWrites, change: EasChange, hadAutoscaler: boolean): Promise<{ Message?: string }> {
  const done = (r: { Message?: string }) => ({ ...(r.Message ? { Message: r.Message } : {}) });
  switch (change.verb) {
    case 'scale':
      return done(await pai.scale(change.replicas));
    case 'autoscale': {
      const req = autoscalerRequest(change);
      return done(await (hadAutoscaler ? pai.updateAutoScaler(req) : pai.createAutoScaler(req)));
    }
    case 'traffic':
      return done(await pai.release({ Weight: change.weight }));
    case 'stop':
      return done(await pai.stop());
    case 'start':
      return done(await pai.start());
    case 'restart':
      return done(await pai.restart());
    case 'delete':
      return done(await pai.delete());
  }
}

function describe(name: string, change: EasChange, before: ServiceSnapshot): Outcome {
  switch (change.verb) {
    case 'scale': {
      const up = change.replicas > before.total;
      return {
        summary: `Scaling ${name} from ${before.total} to ${change.replicas} instance(s).${change.replicas === 0 ? ' At 0 it serves nothing until scaled up again, and the next scale-up pays a full cold start.' : ''}`,
        snapshot: { ...before, total: change.replicas, status: up ? 'Scaling' : before.status },
        ...(up ? { episode: 'scale-up' as const } : {}),
      };
    }
    case 'autoscale': {
      const warning =
        change.min === 0
          ? ' With min 0 it scales to zero when idle: the first request after that waits for a full cold start.'
          : '';
      const targets = [
        change.qps !== undefined ? `${change.qps} QPS` : undefined,
        change.cpu !== undefined || change.qps === undefined
          ? `${change.cpu ?? DEFAULT_AUTOSCALE_CPU} % CPU`
          : undefined,
      ]
        .filter(Boolean)
        .join(' and ');
      return {
        summary: `Autoscaling ${name} between ${change.min} and ${change.max} instance(s) at ${targets} per instance.${warning}`,
        snapshot: before,
      };
    }
    case 'traffic':
      return { summary: `Traffic weight of ${name} set to ${change.weight}.`, snapshot: before };
    case 'stop':
      return {
        summary: `Stopping ${name}; requests to it fail until /pai eas start ${name}.`,
        snapshot: { ...before, status: 'Stopping' },
        endsEpisode: true,
      };
    case 'start':
      return {
        summary: `Starting ${name}; expect a cold start while instances come up.`,
        snapshot: { ...before, status: 'Starting' },
        episode: 'start',
      };
    case 'restart':
      return { summary: `Restarting ${name}; its instances are replaced.`, snapshot: before, episode: 'restart' };
    case 'delete':
      return { summary: `Deleting ${name}.`, snapshot: { ...before, status: 'Deleting' }, endsEpisode: true };
  }
}
