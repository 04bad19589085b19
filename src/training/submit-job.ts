// Worker side of `/pai dlc submit`: create the job once, post its card, start watching it.
// Every step is checkpointed, so a retry after a crash or a throttled call repeats nothing.

import type { ActionHandler } from '../queue/action-context.js';
import type { DlcSubmitJob } from '../queue/action-jobs.js';
import { renderJobCard } from '../slack/render/job-card.js';
import { buildCreateJobRequest, REQUEST_TAG } from './build-create-job.js';
import { slackErrorCode } from '../notify/slack-errors.js';
import { preflightData } from './preflight-data.js';

export const submitJob: ActionHandler<DlcSubmitJob> = async (ctx) => {
  const { job, dlc, slack, log } = ctx;
  const cmd = job.command;
  let progress = { ...job.progress };

  if (!progress.jobId) {
    // A CreateJob that timed out may still have created the job: look for our tag before trying again.
    if (progress.createStarted) {
      const found = await dlc.listJobs({ WorkspaceId: job.workspace.id, DisplayName: cmd.name, Tags: { [REQUEST_TAG]: job.requestKey }, PageSize: 10 });
      // Only the tag proves it is ours: a same-named job may be someone's earlier run.
      const existing = found.Jobs.find((j) => j.Settings?.Tags?.[REQUEST_TAG] === job.requestKey);
      if (existing) {
        log.info({ jobId: existing.JobId }, 'found the job an earlier attempt created; not creating it again');
        progress.jobId = existing.JobId;
      }
    } else {
      // Only before the first CreateJob attempt: afterwards the job may exist, and the answer cannot change it.
      const notes = cmd.skipPreflight ? [] : await preflightData(ctx);
      for (const text of notes) await slack.tell(job.requester, { text });
      progress.createStarted = true;
      await ctx.checkpoint(progress);
    }
    if (!progress.jobId) {
      const body = buildCreateJobRequest(cmd, { workspaceId: job.workspace.id, region: ctx.region, requestKey: job.requestKey, requesterId: job.requester.userId });
      const created = await dlc.createJob(body);
      progress.jobId = created.JobId;
      log.info({ jobId: created.JobId, workspace: job.workspace.name }, 'DLC job created');
    }
    await ctx.checkpoint(progress);
  }
  const jobId = progress.jobId;

  const view = {
    name: cmd.name,
    jobId,
    workspace: job.workspace.name,
    status: 'Creating',
    requester: job.requester.userId,
    jobType: cmd.jobType,
    workers: cmd.workers,
    image: cmd.image,
    ...(cmd.instance ? { instance: cmd.instance } : {}),
  };
  if (!progress.cardTs) {
    try {
      const { ts } = await slack.post(job.requester.channelId, renderJobCard(view));
      progress = { ...progress, cardTs: ts };
      await ctx.checkpoint(progress);
    } catch (err) {
      const code = slackErrorCode(err);
      if (code !== 'not_in_channel' && code !== 'channel_not_found' && code !== 'is_archived') throw err;
      log.warn({ code, channel: job.requester.channelId }, 'cannot post the job card in this channel');
      await slack.tell(job.requester, { text: `Job ${cmd.name} was created (${jobId}), but I cannot post its status card here (${code}). Invite me with /invite @pai-bot to follow it in this channel; /pai dlc status ${jobId} works meanwhile.` });
    }
  }

  await ctx.trackedJobs.track({
    jobId,
    name: cmd.name,
    workspace: job.workspace,
    channelId: job.requester.channelId,
    ...(progress.cardTs ? { cardTs: progress.cardTs } : {}),
    requester: job.requester.userId,
    status: 'Creating',
    jobType: cmd.jobType,
    workers: cmd.workers,
    image: cmd.image,
    ...(cmd.instance ? { instance: cmd.instance } : {}),
    submittedAt: ctx.clock.now(),
    misses: 0,
  });
};
