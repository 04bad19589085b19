// Worker side of `/pai eas deploy`: create the service once, post its card, watch it to ready.
// Checkpointed like a DLC submit, so a retry never creates a second service.

import { BotError } from '../errors/catalogue.js';
import { PaiError } from '../pai/errors.js';
import type { EasClient } from '../pai/eas-client.js';
import type { DescribeServiceResponse } from '../pai/eas-types.js';
import type { ActionHandler } from '../queue/action-context.js';
import type { EasDeployJob } from '../queue/action-jobs.js';
import { buildServiceConfig } from './build-service-config.js';
import { ensureServiceCard } from './service-card-upkeep.js';

export const deployService: ActionHandler<EasDeployJob> = async (ctx) => {
  const { job, eas, log } = ctx;
  const cmd = job.command;
  const progress = { ...job.progress };

  if (!progress.created) {
    const existing = await describeOrUndefined(eas, cmd.service);
    if (existing && !(progress.createStarted && existing.WorkspaceId === job.workspace.id && existing.Image === cmd.image)) {
      throw new BotError('SERVICE_EXISTS', `An EAS service named ${cmd.service} already exists (status ${existing.Status}). Pick another name, or change it with /pai eas scale|restart|…`);
    }
    if (existing) {
      // An earlier attempt's CreateService reached PAI but its answer was lost.
      log.info({ service: cmd.service }, 'found the service an earlier attempt created; not creating it again');
    } else {
      progress.createStarted = true;
      await ctx.checkpoint(progress);
      await eas.createService(buildServiceConfig(cmd, job.workspace.id), { workspaceId: job.workspace.id });
      log.info({ service: cmd.service, workspace: job.workspace.name }, 'EAS service created');
    }
    progress.created = true;
    await ctx.checkpoint(progress);
  }

  await ensureServiceCard(ctx, {
    service: cmd.service,
    workspace: job.workspace,
    image: cmd.image,
    episode: { kind: 'deploy', startedAt: ctx.clock.now() },
    snapshot: { status: 'Creating', running: 0, pending: 0, total: cmd.replicas },
    ...(progress.cardTs ? { knownCardTs: progress.cardTs } : {}),
    onPosted: (cardTs) => ctx.checkpoint({ ...progress, cardTs }),
  });
};

async function describeOrUndefined(eas: EasClient, name: string): Promise<DescribeServiceResponse | undefined> {
  try {
    return await eas.describeService(name);
  } catch (err) {
    if (err instanceof PaiError && err.kind === 'not_found') return undefined;
    throw err;
  }
}
