// A pending approval request as the request store holds it, for renderer tests: every field a sensible default,
// the action and what the test is about given by the test.

import type { ApprovalRequest } from '../../src/actions/approvals/request-store.js';

export function pendingRequest(
  fields: Pick<ApprovalRequest, 'action' | 'title' | 'details'> & Partial<ApprovalRequest>,
): ApprovalRequest {
  return {
    id: 'ar-7k2m9xq1',
    actionHash: 'h',
    requester: 'U0ALICE',
    workspace: { name: 'prod', id: '100002' },
    approvers: ['U0APPR1', 'S0LEADS'],
    channelId: 'C0PROD',
    createdAt: 0,
    status: 'pending',
    required: 2,
    expiresAt: 3_600_000,
    votes: [],
    version: 1,
    ...fields,
  };
}
