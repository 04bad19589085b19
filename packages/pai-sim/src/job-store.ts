// The simulator's only DLC state: accepted job requests, their plans, and stop requests.

import { resolvePlan } from './job-lifecycle.js';
import type { JobRecord } from './job-record.js';
import type { CreateJobBody } from './job-validation.js';
import { newJobId } from './ids.js';
import type { JobPlan } from './types.js';

export interface NewJob {
  request: CreateJobBody;
  userId: string;
  username?: string;
  workspaceName?: string;
  /**
   * The job's own plan (a job created outside the bot brings one): it takes the place of the one-shot "next job" plan,
   * which stays queued for the next CreateJob.
   */
  plan?: Partial<JobPlan>;
}

export class JobStore {
  private readonly records = new Map<string, JobRecord>();
  private readonly nextPlans: Partial<JobPlan>[] = [];
  private readonly namedPlans = new Map<string, Partial<JobPlan>>();
  private seq = 0;

  constructor(private readonly defaultPlan: Partial<JobPlan> | undefined) {}

  /** Queued: each call shapes one future job, in creation order. */
  planNext(plan: Partial<JobPlan>): void {
    this.nextPlans.push(plan);
  }

  /** Standing: every job created with this DisplayName (including resubmissions) gets the plan. */
  planNamed(displayName: string, plan: Partial<JobPlan>): void {
    this.namedPlans.set(displayName, { ...this.namedPlans.get(displayName), ...plan });
  }

  create(input: NewJob, now: number): JobRecord {
    const { request, userId, username, workspaceName } = input;
    let jobId = newJobId();
    while (this.records.has(jobId)) jobId = newJobId();
    // Precedence: the default, then the plan for this name, then the job's own plan or else the one-shot "next job"
    // plan.
    const plan = resolvePlan(
      this.defaultPlan,
      this.namedPlans.get(request.DisplayName),
      input.plan ?? this.nextPlans.shift(),
    );
    const record: JobRecord = {
      jobId,
      request,
      createdAt: now,
      plan,
      userId,
      ...(username === undefined ? {} : { username }),
      ...(workspaceName === undefined ? {} : { workspaceName }),
      seq: this.seq++,
    };
    this.records.set(jobId, record);
    return record;
  }

  get(jobId: string): JobRecord | undefined {
    return this.records.get(jobId);
  }

  all(): JobRecord[] {
    return [...this.records.values()];
  }

  requestStop(jobId: string, now: number): void {
    const record = this.records.get(jobId);
    if (record && record.stopRequestedAt === undefined) record.stopRequestedAt = now;
  }
}
