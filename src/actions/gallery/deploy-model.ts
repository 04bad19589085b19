// Worker side of `/pai gallery deploy`: the gate resolved the model's version and the exact CreateService request
// (src/actions/gallery/resolve-model.ts; in prod an approval bound it); this sends it through the eas deploy path, so
// the card, the watcher, cold-start alerts and the approved-run guarantees are those of `/pai eas deploy`.

import { BotError } from '../../errors/catalogue.js';
import type { GalleryDeployJob } from '../action-jobs.js';
import type { ChangeHandler } from '../change-context.js';
import { serviceInstanceType } from '../costs/service-instance-type.js';
import { createNewService } from '../inference/deploy-service.js';
import { hasLabels, imageOf, replicasOf } from './model-service.js';

export const deployModel: ChangeHandler<GalleryDeployJob> = async (ctx) => {
  const model = ctx.target.model;
  // resolveTarget always sets it for a gallery deploy; a target without it is a bug, and nothing is sent.
  if (!model)
    throw new BotError('INTERNAL', `No model was resolved for ${ctx.job.command.modelId}; nothing was deployed.`);
  const image = imageOf(model.config);
  // Its burn rate on the card is priced by the one instance type the spec names, if it names one.
  const instance = serviceInstanceType({ ServiceConfig: JSON.stringify(model.config) });
  await createNewService(ctx, {
    config: model.config,
    labels: model.labels,
    ...(image ? { image } : {}),
    replicas: replicasOf(model.config),
    ...('type' in instance ? { instanceType: instance.type } : {}),
    // The name in our workspace, labelled with this model and version, is ours.
    isOurs: (existing) => hasLabels(existing, model.labels),
  });
};
