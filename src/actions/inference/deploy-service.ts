// Worker side of `/pai eas deploy`: create the service once, post its card, watch it to ready.
// Checkpointed like a DLC submit, so a retry never creates a second service.

import { BotError } from '../../errors/catalogue.js';
import { PaiError } from '../../pai/errors.js';
import type { DescribeServiceResponse } from '../../pai/eas-types.js';
import type { EasDeployJob } from '../action-jobs.js';
import type { ChangeHandler, EasReads } from '../change-context.js';
import { buildServiceConfig, DEFAULT_EAS_INSTANCE } from './build-service-config.js';
import { ensureServiceCard } from './service-card-upkeep.js';

export const deployService: ChangeHandler<EasDeployJob> = async (ctx) => {
  const { job, eas, log, target } = ctx;
  const cmd = job.command;
  const workspace = { name: target.workspace.name, id: target.workspace.id };

  if (!ctx.progress.applying && !ctx.progress.applied) {
    const existing = await describeOrUndefined(eas, target.service);
    if (existing)
      throw new BotError(
        'SERVICE_EXISTS',
        `An EAS service named ${target.service} already exists (status ${existing.Status}). Pick another name, or change it with /pai eas scale|restart|…`,
      );
  }
  await ctx.apply(
    async (pai) => {
      const created = await pai.createService(buildServiceConfig(cmd, workspace.id));
      log.info({ service: target.service, workspace: workspace.name }, 'EAS service created');
      return { ServiceId: created.ServiceId };
    },
    // An earlier attempt's CreateService reached PAI but its answer was lost: the name in our workspace, with our
    // image, is ours.
    async () => {
      const existing = await describeOrUndefined(eas, target.service);
      if (!existing) return undefined;
      if (existing.WorkspaceId !== workspace.id || existing.Image !== cmd.image) {
        throw new BotError(
          'SERVICE_EXISTS',
          `An EAS service named ${target.service} now exists that this request did not create (status ${existing.Status}). Nothing was deployed.`,
        );
      }
      log.info({ service: target.service }, 'found the service an earlier attempt created; not creating it again');
      return { ServiceId: existing.ServiceId };
    },
  );

  await ensureServiceCard(ctx, {
    service: target.service,
    workspace,
    image: cmd.image,
    episode: { kind: 'deploy', startedAt: ctx.clock.now() },
    snapshot: {
      status: 'Creating',
      running: 0,
      pending: 0,
      total: cmd.replicas,
      instanceType: cmd.instance ?? DEFAULT_EAS_INSTANCE,
    },
  });
};

async function describeOrUndefined(eas: EasReads, name: string): Promise<DescribeServiceResponse | undefined> {
  try {
    return await eas.describeService(name);
  } catch (err) {
    if (err instanceof PaiError && err.kind === 'not_found') return undefined;
    throw err;
  }
}
