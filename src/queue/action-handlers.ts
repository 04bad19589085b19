// What the worker runs for each kind of queued action: a lookup's use case, or a change's wrapped in the prod gate
// (approval requests in prod, approved runs once: src/actions/approvals/with-approval-gate.ts).

import type { ApprovalDeps } from '../actions/approvals/approval-deps.js';
import { withApprovalGate } from '../actions/approvals/with-approval-gate.js';
import { costReport } from '../actions/costs/cost-report.js';
import { deployModel } from '../actions/gallery/deploy-model.js';
import { listModels } from '../actions/gallery/list-models.js';
import { changeService } from '../actions/inference/change-service.js';
import { deployService } from '../actions/inference/deploy-service.js';
import { listServices, readService } from '../actions/inference/service-reads.js';
import { changeNotebook } from '../actions/notebooks/change-notebook.js';
import { listNotebooks } from '../actions/notebooks/list-notebooks.js';
import { notebookStatus } from '../actions/notebooks/notebook-status.js';
import { checkOssAccess } from '../actions/oss/check-oss-access.js';
import { jobLogs } from '../actions/training/job-logs.js';
import { jobStatus } from '../actions/training/job-status.js';
import { listJobs } from '../actions/training/list-jobs.js';
import { refreshEcsSpecs } from '../actions/training/refresh-ecs-specs.js';
import type { EcsSpecCache, SpecProduct } from '../actions/instance-menus/ecs-spec-cache.js';
import { refreshEasSpecs } from '../actions/inference/refresh-eas-specs.js';
import { stopJob } from '../actions/training/stop-job.js';
import { submitJob } from '../actions/training/submit-job.js';
import { listWorkspaces } from '../actions/workspaces/list-workspaces.js';
import type { ActionHandlers } from './action-worker.js';

/**
 * `specs`: where the worker keeps each product's instance list for its form's menu (`dlc.specs`, `eas.specs`, queued
 * by the bot itself).
 */
export function actionHandlers(approvals: ApprovalDeps, specs: (p: SpecProduct) => EcsSpecCache): ActionHandlers {
  return {
    'dlc.submit': withApprovalGate(approvals, submitJob),
    'dlc.stop': withApprovalGate(approvals, stopJob),
    'dlc.status': jobStatus,
    'dlc.list': listJobs,
    'dlc.logs': jobLogs,
    'dlc.specs': refreshEcsSpecs(specs('dlc')),
    'ws.list': listWorkspaces,
    'eas.deploy': withApprovalGate(approvals, deployService),
    'eas.specs': refreshEasSpecs(specs('eas')),
    'eas.status': readService,
    'eas.events': readService,
    'eas.list': listServices,
    'eas.change': withApprovalGate(approvals, changeService),
    'oss.check': checkOssAccess,
    'gallery.list': listModels,
    'gallery.deploy': withApprovalGate(approvals, deployModel),
    'cost.report': costReport,
    'dsw.list': listNotebooks,
    'dsw.status': notebookStatus,
    'dsw.change': withApprovalGate(approvals, changeNotebook),
  };
}
