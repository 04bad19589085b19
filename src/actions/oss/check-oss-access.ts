// `/pai oss check oss://bucket/prefix`: one cheap list with the bot's own credentials, answered
// privately with what it saw or the failure and its fix.

import type { ActionHandler } from '../action-context.js';
import type { OssCheckJob } from '../action-jobs.js';
import { renderOssCheck } from '../../render/oss-check.js';
import { explainOssCheck } from '../../oss/oss-messages.js';

export const checkOssAccess: ActionHandler<OssCheckJob> = async ({ job, oss, slack, region, log }) => {
  const result = await oss.check(job.bucket, job.prefix);
  log.info(
    { bucket: job.bucket, ok: result.ok, ...(result.ok ? {} : { kind: result.kind, code: result.code }) },
    'OSS access checked',
  );
  await slack.tell(job.requester, renderOssCheck(result.ok, explainOssCheck(result, { region })));
};
