// Worker side of `/pai eas deploy` (and of `/pai gallery deploy`, which hands it a ready config): create the service
// once, post its card, watch it to ready. Checkpointed like a DLC submit, so a retry never creates a second service.

import { BotError } from '../../errors/catalogue.js';
import { PaiError } from '../../pai/errors.js';
import type { DescribeServiceResponse, ServiceConfig, SpecServiceConfig } from '../../pai/eas-types.js';
import type { EasDeployJob, GalleryDeployJob } from '../action-jobs.js';
import type { ChangeContext, ChangeHandler, EasReads } from '../change-context.js';
import { buildServiceConfig, DEFAULT_EAS_INSTANCE } from './build-service-config.js';
import { ensureServiceCard } from './service-card-upkeep.js';

/** A service to create: its config, labels, what its card shows, and how to know it again after a lost answer. */
export interface NewService {
  config: ServiceConfig | SpecServiceConfig;
  labels?: Record<string, string>;
  image?: string;
  replicas: number;
  /** The instance type its card prices its burn rate by, when the config names one. */
  instanceType?: string;
  /** Whether a service of this name in our workspace is the one an earlier attempt of this request created. */
  isOurs(existing: DescribeServiceResponse): boolean;
}

export const deployService: ChangeHandler<EasDeployJob> = async (ctx) => {
  const cmd = ctx.job.command;
  await createNewService(ctx, {
    config: buildServiceConfig(cmd, ctx.target.workspace.id),
    image: cmd.image,
    replicas: cmd.replicas,
    instanceType: cmd.instance ?? DEFAULT_EAS_INSTANCE,
    // The name in our workspace, with our image, is ours.
    isOurs: (existing) => existing.Image === cmd.image,
  });
};

/** Creates the target service once, then keeps its card and tracked record (so the watcher follows it to ready). */
export async function createNewService(
  ctx: ChangeContext<EasDeployJob | GalleryDeployJob>,
  s: NewService,
): Promise<void> {
  const { eas, log, target } = ctx;
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
      const created = await pai.createService(s.config, s.labels);
      log.info({ service: target.service, workspace: workspace.name }, 'EAS service created');
      return { ServiceId: created.ServiceId };
    },
    // An earlier attempt's CreateService reached PAI but its answer was lost: the name in our workspace, as this
    // request made it, is ours.
    async () => {
      const existing = await describeOrUndefined(eas, target.service);
      if (!existing) return undefined;
      if (existing.WorkspaceId !== workspace.id || !s.isOurs(existing)) {
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
    ...(s.image ? { image: s.image } : {}),
    episode: { kind: 'deploy', startedAt: ctx.clock.now() },
    snapshot: {
      status: 'Creating',
      running: 0,
      pending: 0,
      total: s.replicas,
      ...(s.instanceType ? { instanceType: s.instanceType } : {}),
    },
  });
}

async function describeOrUndefined(eas: EasReads, name: string): Promise<DescribeServiceResponse | undefined> {
  try {
    return await eas.describeService(name);
  } catch (err) {
    if (err instanceof PaiError && err.kind === 'not_found') return undefined;
    throw err;
  }
}
