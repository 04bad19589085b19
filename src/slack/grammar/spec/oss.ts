// The OSS verb: `/pai oss check oss://bucket/prefix`.

import { checkOssLocation } from '../checks.js';
import { arg, verb, workspaceFlag } from '../verb-spec.js';

/** The examples of `/pai help oss`; a test checks that each one parses. */
export const OSS_EXAMPLES: readonly string[] = [
  '/pai oss check oss://my-bucket/datasets/glue -w dev',
  '/pai oss check oss://my-models',
];

export const OSS_VERBS = [
  verb({
    group: 'oss',
    names: ['check'],
    section: 'OSS and approvals',
    summary: 'check that the bot can read an OSS location, before a job needs it',
    notes: [
      '• The bot lists at most one key under the prefix, with its own credentials: a cheap request that reads no data.',
      '• It replies OK, or the error (no such bucket, access denied, wrong region…) with how to fix it.',
      '• The bucket is 3 to 63 lowercase letters, digits or hyphens; the prefix may be empty (the whole bucket). No `:/mount` suffix here.',
      "• `/pai dlc submit` runs the same check on each `--data` location before submitting, unless you add `--skip-preflight` (for buckets only PAI's role may read).",
    ],
    args: {
      location: arg(
        'oss://bucket/prefix',
        () => 'missing the OSS location: it comes right after "oss check", like oss://bucket/prefix',
        checkOssLocation,
      ),
    },
    extraHint: () => '; check one location at a time, and quote a prefix that has spaces',
    flags: { workspace: workspaceFlag() },
    queues: { type: 'oss.check', subject: (job) => `oss://${job.bucket}/${job.prefix}` },
  }),
];
