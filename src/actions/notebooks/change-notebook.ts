// Worker side of `/pai dsw stop|start|idle-stop`: the gate found the notebook in the command's workspace and checked
// who asks (in prod: approvers agreed); make the change once, then say what was done in the channel and to the
// requester.

import { renderNotebookChange } from '../../render/notebook-change.js';
import type { DswChangeJob } from '../action-jobs.js';
import type { ChangeHandler } from '../change-context.js';
import { setIdleStop } from './set-idle-stop.js';
import { startNotebook } from './start-notebook.js';
import { stopNotebook } from './stop-notebook.js';

export const changeNotebook: ChangeHandler<DswChangeJob> = async (ctx) => {
  const { job, target, log } = ctx;
  const c = job.change;
  const done =
    c.verb === 'stop'
      ? await stopNotebook(ctx, c.saveImage)
      : c.verb === 'start'
        ? await startNotebook(ctx)
        : await setIdleStop(ctx, c);
  log.info({ instanceId: job.instanceId, verb: c.verb, workspace: target.workspace.name }, 'DSW notebook changed');
  const message = renderNotebookChange({
    requester: job.requester.userId,
    instanceId: job.instanceId,
    ...(target.instance.InstanceName ? { name: target.instance.InstanceName } : {}),
    workspace: target.workspace.name,
    change: done,
  });
  // Stored once whatever retries; it waits for the channel's turn in the outbox (no status card to keep for DSW).
  await ctx.outbox.post(job.requester.channelId, message, {
    tell: job.requester,
    once: `${ctx.queueJobId}:dsw-result`,
  });
  // The change is made; a private answer that cannot be delivered is only logged.
  await ctx.slack
    .tell(job.requester, { text: message.text })
    .catch((err: unknown) => log.warn({ err }, 'could not tell the requester'));
};
