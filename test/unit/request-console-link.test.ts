// The console link on an approval request's card (src/actions/approvals/request-console-link.ts): the page of what
// the change lands on, the workspace's job list for a job not created yet, nothing for a notebook.

import { describe, expect, it } from 'vitest';
import type { MutatingJob } from '../../src/actions/action-jobs.js';
import { requestConsoleLink } from '../../src/actions/approvals/request-console-link.js';

const workspace = { name: 'prod', id: '100002' };
const link = (action: Partial<MutatingJob> & { type: MutatingJob['type'] }) =>
  requestConsoleLink('cn-shanghai', { workspace, action: action as MutatingJob });
const BASE = 'https://pai.console.aliyun.com/?regionId=cn-shanghai&workspaceId=100002';

describe('requestConsoleLink', () => {
  it('links the page of the job or service the change is for', () => {
    expect(link({ type: 'dlc.stop', jobId: 'dlc1abc' })).toEqual({
      url: `${BASE}#/dlc/jobs/dlc1abc/overview`,
      list: false,
    });
    expect(link({ type: 'eas.change', service: 'fraud_svc' })).toEqual({
      url: `${BASE}#/eas/serviceDetail/fraud_svc/detail`,
      list: false,
    });
    for (const type of ['eas.deploy', 'gallery.deploy'] as const)
      expect(link({ type, command: { service: 'new_svc' } } as never)?.url).toBe(
        `${BASE}#/eas/serviceDetail/new_svc/detail`,
      );
  });

  it('links the workspace’s job list for a submit, and nothing for a notebook', () => {
    expect(link({ type: 'dlc.submit' })).toEqual({ url: `${BASE}#/dlc/jobs`, list: true });
    expect(link({ type: 'dsw.change', instanceId: 'dsw-1' } as never)).toBeUndefined();
  });

  it('encodes what it puts in the link', () => {
    expect(link({ type: 'eas.change', service: 'a b&c' })?.url).toContain('#/eas/serviceDetail/a%20b%26c/detail');
  });
});
