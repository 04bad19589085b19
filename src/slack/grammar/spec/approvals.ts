// The approval verbs: `/pai approvals` and `/pai cancel <request-id>`.

import { REQUEST_ID_PATTERN } from '../commands.js';
import { REQUEST_ID_HINT, checkRequestId } from '../checks.js';
import { fail, ok, show } from '../messages.js';
import { arg, verb } from '../verb-spec.js';

const section = 'OSS and approvals';

/** The examples of `/pai help approvals`; a test checks that each one parses. */
export const APPROVALS_EXAMPLES: readonly string[] = ['/pai approvals', '/pai cancel ar-7k2m9xq1'];

export const APPROVALS_VERBS = [
  verb({
    names: ['approvals'],
    section,
    topic: 'approvals',
    summary: 'list the pending approval requests you may see (this channel’s, yours, and those you may approve)',
    args: {},
    flags: {},
    // It takes no words, but `approvals help` is the help page, and a stray id is likelier a cancel.
    pre: (positionals) => {
      const [first] = positionals;
      if (!first) return undefined;
      if (positionals.length === 1 && first.value.toLowerCase() === 'help')
        return ok({ kind: 'help', topic: 'approvals' });
      const lower = first.value.toLowerCase();
      const hint =
        lower === 'cancel' || REQUEST_ID_PATTERN.test(lower)
          ? '; to withdraw a request, use /pai cancel <request-id>'
          : '; it lists every pending request';
      return fail(`/pai approvals takes no arguments (got ${show(first.value)})${hint}`);
    },
  }),
  verb({
    names: ['cancel'],
    section,
    topic: 'approvals',
    summary: 'withdraw an approval request of your own (ids look like ar-7k2m9xq1)',
    args: {
      requestId: arg(
        '<request-id>',
        () => `missing the request id: it comes right after "cancel"; ${REQUEST_ID_HINT}`,
        checkRequestId,
      ),
    },
    extraHint: () => '; cancel one request at a time',
    flags: {},
  }),
];
