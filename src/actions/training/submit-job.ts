// Worker side of `/pai dlc submit`: create the job once, post its card, start watching it.
// Every step is checkpointed, so a retry after a crash or a throttled call repeats nothing.

import type { DlcSubmitJob } from '../action-jobs.js';
import type { ChangeHandler } from '../change-context.js';
import { renderJobCard } from '../../render/job-card.js';
import { buildCreateJobRequest, REQUEST_TAG } from './build-create-job.js';
import { preflightData } from './preflight-data.js';

export const submitJob: ChangeHandler<DlcSubmitJob> = async (ctx) => {
  const { job, dlc, slack, log } = ctx;
  const cmd = job.command;
  const workspace = { name: ctx.target.workspace.name, id: ctx.target.workspace.id };

  // Only before the first CreateJob attempt: afterwards the job may exist, and the answer cannot change it.
  if (!ctx.progress.preflighted && !ctx.progress.applying && !ctx.progress.applied) {
    const notes = cmd.skipPreflight ? [] : await preflightData(ctx);
    for (const text of notes) await slack.tell(job.requester, { text });
    await ctx.checkpoint({ ...ctx.progress, preflighted: true });
  }
  const { JobId: jobId } = await ctx.apply(
    async (pai) => {
      const { WorkspaceId: _ws, ...body } = buildCreateJobRequest(cmd, {
        workspaceId: workspace.id,
        region: ctx.region,
        requestKey: job.requestKey,
        requesterId: job.requester.userId,
      });
      const created = await pai.createJob(body);
      log.info({ jobId: created.JobId, workspace: workspace.name }, 'DLC job created');
      return { JobId: created.JobId };
    },
    // A CreateJob that timed out may still have created the job: only our tag proves it (a same-named job may be
    // someone's earlier run).
    async () => {
      const found = await dlc.listJobs({
        WorkspaceId: workspace.id,
        DisplayName: cmd.name,
        Tags: { [REQUEST_TAG]: job.requestKey },
        PageSize: 10,
      });
      const existing = found.Jobs.find((j) => j.Settings?.Tags?.[REQUEST_TAG] === job.requestKey);
      if (existing)
        log.info({ jobId: existing.JobId }, 'found the job an earlier attempt created; not creating it again');
      return existing ? { JobId: existing.JobId } : undefined;
    },
  );

  const view = {
    name: cmd.name,
    jobId,
    workspace: workspace.name,
    status: 'Creating',
    requester: job.requester.userId,
    jobType: cmd.jobType,
    workers: cmd.workers,
    image: cmd.image,
    ...(cmd.instance ? { instance: cmd.instance } : {}),
    place: { region: ctx.region, workspaceId: workspace.id },
  };
  // Tracked first, so the card's ts lands on the record when the outbox posts it (maybe after this action ended).
  await ctx.trackedJobs.update(jobId, (known) => ({
    jobId,
    name: cmd.name,
    workspace,
    channelId: job.requester.channelId,
    ...(known?.cardTs ? { cardTs: known.cardTs } : { cardQueuedAt: known?.cardQueuedAt ?? ctx.clock.now() }),
    requester: job.requester.userId,
    status: known?.status ?? 'Creating',
    jobType: cmd.jobType,
    workers: cmd.workers,
    image: cmd.image,
    ...(cmd.instance ? { instance: cmd.instance } : {}),
    submittedAt: known?.submittedAt ?? ctx.clock.now(),
    misses: 0,
    rev: known?.rev ?? 0,
    submit: cmd, // for the finished job's Rerun (tracked-jobs.ts)
  }));
  if (!ctx.progress.cardQueued) {
    await ctx.outbox.post(job.requester.channelId, renderJobCard(view), {
      then: { kind: 'job-card', jobId },
      tell: job.requester,
      once: `${job.requestKey}:${jobId}:card`,
    });
    await ctx.checkpoint({ ...ctx.progress, cardQueued: true });
  }
};
