// The pure pieces of costs: which instance type a service runs on, what a finished job cost, the estimate lines of
// approval requests, the items and totals of `/pai cost`, and how the cards and the report show them. Expected
// figures are worked out here by hand.

import { describe, expect, it } from 'vitest';
import {
  autoscaleEstimate,
  podsEstimate,
  replicasEstimate,
  serviceEstimate,
} from '../../src/actions/costs/change-estimate.js';
import {
  costReportView,
  jobItem,
  largestFirst,
  notebookItem,
  serviceItem,
  totalsOf,
  type CostItem,
} from '../../src/actions/costs/cost-lines.js';
import { jobCost, podRunningMs } from '../../src/actions/costs/job-cost.js';
import { configPriceBook, hourlyBurn, withListPrices, type HourlyPrice } from '../../src/actions/costs/price-book.js';
import { serviceBurn } from '../../src/actions/costs/service-burn.js';
import { serviceInstanceType } from '../../src/actions/costs/service-instance-type.js';
import type { Job } from '../../src/pai/dlc-types.js';
import { describeChange } from '../../src/actions/approvals/describe-change.js';
import { hashAction } from '../../src/actions/approvals/request-store.js';
import type { DlcSubmitJob } from '../../src/actions/action-jobs.js';
import type { DswClient } from '../../src/pai/dsw-client.js';
import type { DlcClient } from '../../src/pai/dlc-client.js';
import type { EasClient } from '../../src/pai/eas-client.js';
import { renderApprovalRequest } from '../../src/render/approval-request.js';
import { renderCostReport } from '../../src/render/cost-report.js';
import { describeAction } from '../../src/slack/grammar/describe-action.js';
import { pendingRequest } from '../support/approval-request.js';
import { renderJobCard } from '../../src/render/job-card.js';
import { renderServiceCard } from '../../src/render/service-card.js';

const GPU = 'ecs.gn7i-c8g1.2xlarge';
const PRICING = { currency: 'CNY', per_hour: { [GPU]: 13.5, 'ecs.c7.xlarge': 0.8 } };
const book = configPriceBook(PRICING);
const SOURCE = 'price from pricing.per_hour in the config';

const config = (c: unknown) => ({ ServiceConfig: JSON.stringify(c) });

describe('serviceInstanceType', () => {
  it('reads cloud.computing.instances[].type and the older instance_type', () => {
    expect(serviceInstanceType(config({ cloud: { computing: { instances: [{ type: GPU }] } } }))).toEqual({
      type: GPU,
    });
    expect(serviceInstanceType(config({ cloud: { computing: { instance_type: GPU } } }))).toEqual({ type: GPU });
    // The same type written both ways is still one type.
    expect(
      serviceInstanceType(config({ cloud: { computing: { instances: [{ type: GPU }], instance_type: GPU } } })),
    ).toEqual({ type: GPU });
  });

  it('says why when there is no single type, never guesses one', () => {
    expect(serviceInstanceType(config({ metadata: { name: 's' } }))).toEqual({
      unknown: 'its config names no instance type',
    });
    expect(serviceInstanceType(config({ metadata: { resource: 'eas-r-abc' } }))).toEqual({
      unknown: 'it runs on resource group eas-r-abc, which is billed as a whole',
    });
    expect(
      serviceInstanceType(config({ cloud: { computing: { instances: [{ type: GPU }, { type: 'ecs.c7.xlarge' }] } } })),
    ).toEqual({ unknown: `its config lists several instance types (${GPU}, ecs.c7.xlarge)` });
    for (const bad of [{}, { ServiceConfig: 'not json' }, { ServiceConfig: '[1]' }])
      expect(serviceInstanceType(bad)).toEqual({ unknown: 'PAI returned no readable service config' });
  });
});

const T0 = Date.parse('2026-01-10T00:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString().replace(/\.000Z$/, 'Z');

function finishedJob(over: Partial<Job> = {}): Job {
  return {
    JobId: 'dlc0123456789ab',
    DisplayName: 'train',
    Status: 'Succeeded',
    GmtFinishTime: at(120),
    JobSpecs: [{ Type: 'Worker', Image: 'img', PodCount: 2, EcsSpec: GPU }],
    Pods: [
      { PodId: 'w-0', Type: 'Worker', GmtStartTime: at(0), GmtFinishTime: at(90) },
      { PodId: 'w-1', Type: 'Worker', GmtStartTime: at(30), GmtFinishTime: at(90) },
    ],
    ...over,
  };
}

describe('what a finished job cost', () => {
  it('sums its pods running times at the hourly price: 90 + 60 minutes of 13.5/h is 33.75', () => {
    const cost = jobCost(finishedJob(), book);
    expect(cost.priced).toBe(true);
    if (!cost.priced) return;
    expect(cost.estimates).toHaveLength(1);
    expect(cost.estimates[0]!.units).toBeCloseTo(2.5, 10);
    expect(cost.estimates[0]!.amount).toBeCloseTo(33.75, 10);
    expect(cost.spot).toBeUndefined();
  });

  it('counts a restarted pod’s earlier runs, and ends a pod without a finish at the job’s', () => {
    const job = finishedJob({
      Pods: [
        {
          PodId: 'w-0',
          Type: 'Worker',
          GmtStartTime: at(60),
          HistoryPods: [{ PodId: 'w-0', GmtStartTime: at(0), GmtFinishTime: at(30) }],
        },
      ],
    });
    // 30 minutes before the restart, then 60 to the job's finish at 120: 1.5 h.
    const cost = jobCost(job, book);
    expect(cost.priced && cost.estimates[0]!.units).toBeCloseTo(1.5, 10);
  });

  it('a pod that never started ran for nothing; a job whose pods never ran has no figure to show', () => {
    expect(podRunningMs({ PodId: 'p', GmtFinishTime: at(5) }, T0)).toBe(0);
    expect(podRunningMs({ PodId: 'p', GmtStartTime: at(10), GmtFinishTime: at(5) }, T0)).toBe(0);
    const idle = jobCost(finishedJob({ Pods: [{ PodId: 'p', Type: 'Worker' }] }), book);
    expect(idle).toEqual({ priced: true, estimates: [] });
    expect(jobItem(finishedJob({ Pods: [{ PodId: 'p', Type: 'Worker' }] }), book)).toBeUndefined();
  });

  it('prices each pod at its own JobSpec’s type, and gives no figure at all when one type has no price', () => {
    const twoTypes = finishedJob({
      JobSpecs: [
        { Type: 'Master', Image: 'img', PodCount: 1, EcsSpec: 'ecs.c7.xlarge' },
        { Type: 'Worker', Image: 'img', PodCount: 1, EcsSpec: GPU },
      ],
      Pods: [
        { PodId: 'm', Type: 'Master', GmtStartTime: at(0), GmtFinishTime: at(60) },
        { PodId: 'w', Type: 'Worker', GmtStartTime: at(0), GmtFinishTime: at(60) },
      ],
    });
    const cost = jobCost(twoTypes, book);
    expect(cost.priced && cost.estimates.map((e) => [e.price.instanceType, e.amount])).toEqual([
      [GPU, 13.5],
      ['ecs.c7.xlarge', 0.8],
    ]);
    expect(jobCost(twoTypes, configPriceBook({ currency: 'CNY', per_hour: { [GPU]: 13.5 } }))).toEqual({
      priced: false,
      why: 'no price for ecs.c7.xlarge',
      instanceType: 'ecs.c7.xlarge',
    });
  });

  it('says why when the type or the pods are unknown', () => {
    const quota = finishedJob({ JobSpecs: [{ Type: 'Worker', Image: 'img', PodCount: 2 }] });
    expect(jobCost(quota, book)).toMatchObject({ priced: false, why: expect.stringMatching(/no instance type/) });
    expect(jobCost(finishedJob({ Pods: undefined }), book)).toEqual({
      priced: false,
      why: 'PAI returned no pods for it',
    });
  });

  it('marks spot jobs with the bid’s cap', () => {
    const spot = finishedJob({
      JobSpecs: [
        {
          Type: 'Worker',
          Image: 'img',
          PodCount: 2,
          EcsSpec: GPU,
          SpotSpec: { SpotStrategy: 'SpotWithPriceLimit', SpotDiscountLimit: 0.9 },
        },
      ],
    });
    expect(jobCost(spot, book)).toMatchObject({ priced: true, spot: { bidPercent: 90 } });
  });
});

describe('the estimate lines of approval requests', () => {
  it('replicas and pods: price × count per hour, or no price', () => {
    expect(replicasEstimate(PRICING, GPU, 3)).toBe(`≈ CNY 40.50/h (estimate: 3 × CNY 13.50/h for ${GPU}, ${SOURCE})`);
    expect(replicasEstimate(undefined, GPU, 3)).toBe(
      `no price for ${GPU} (add it under pricing.per_hour in the config to see estimates)`,
    );
    expect(podsEstimate(PRICING, GPU, 2)).toBe(replicasEstimate(PRICING, GPU, 2));
  });

  it('spot: at the on-demand price, the discount said to be unknown; no spot note without a price', () => {
    expect(podsEstimate(PRICING, GPU, 2, { bidPercent: 90 })).toBe(
      `≈ CNY 27.00/h (estimate: 2 × CNY 13.50/h for ${GPU}, ${SOURCE}); at the on-demand price: the spot discount is not known (PAI returns none); the spot bid is at most 90% of the pay-as-you-go price`,
    );
    expect(podsEstimate(PRICING, 'ecs.x.large', 2, { bidPercent: 90 })).toMatch(/^no price for ecs\.x\.large \(/);
  });

  it('a running service: its type at the new count; autoscale at min and at max', () => {
    expect(serviceEstimate(PRICING, { type: GPU }, 0)).toBe(
      `≈ CNY 0.00/h (estimate: 0 × CNY 13.50/h for ${GPU}, ${SOURCE})`,
    );
    expect(serviceEstimate(PRICING, { unknown: 'its config names no instance type' }, 2)).toBe(
      'no estimate: its config names no instance type',
    );
    expect(autoscaleEstimate(PRICING, { type: 'ecs.c7.xlarge' }, 2, 10)).toBe(
      `at min 2 replicas: ≈ CNY 1.60/h (estimate: 2 × CNY 0.8000/h for ecs.c7.xlarge, ${SOURCE}); at max 10 replicas: ≈ CNY 8.00/h (estimate: 10 × CNY 0.8000/h for ecs.c7.xlarge, ${SOURCE})`,
    );
    expect(autoscaleEstimate(PRICING, { type: 'ecs.x.large' }, 1, 3)).toMatch(/^no price for ecs\.x\.large/);
    expect(autoscaleEstimate(PRICING, { unknown: 'why' }, 1, 3)).toBe('no estimate: why');
  });
});

describe('/pai cost: items and totals', () => {
  const svc = (name: string, replicas: number, type?: string) => ({
    ServiceName: name,
    Status: 'Running',
    TotalInstance: replicas,
    ServiceConfig: JSON.stringify(type ? { cloud: { computing: { instances: [{ type }] } } } : {}),
  });

  it('a service is replicas × price; a notebook is one instance, the config before PAI’s list price', () => {
    expect(serviceItem(svc('a', 2, GPU), book)).toMatchObject({ name: 'a', detail: '2 replicas, Running' });
    expect(serviceItem(svc('a', 2, GPU), book).estimates[0]!.amount).toBe(27);
    expect(serviceItem(svc('b', 1, 'ecs.x.large'), book)).toMatchObject({
      detail: '1 replica, Running',
      estimates: [],
      unpriced: 'no price for ecs.x.large',
    });
    expect(serviceItem(svc('c', 1), book).unpriced).toBe('no estimate: its config names no instance type');
    const list = withListPrices(
      book,
      new Map([
        [GPU, { perHour: 99, currency: 'CNY' }],
        ['ecs.g6.large', { perHour: 0.65, currency: 'CNY' }],
      ]),
    );
    const nb = (spec?: string) => ({
      InstanceId: 'dsw-1',
      InstanceName: 'nb',
      Status: 'Running',
      ...(spec ? { EcsSpec: spec } : {}),
    });
    expect(notebookItem(nb(GPU), list).estimates[0]).toMatchObject({ amount: 13.5, price: { source: 'config' } });
    expect(notebookItem(nb('ecs.g6.large'), list).estimates[0]).toMatchObject({
      amount: 0.65,
      price: { source: 'pai-list-price' },
    });
    expect(notebookItem(nb(), list).unpriced).toMatch(/^no estimate: it names no ECS spec/);
  });

  it('sorts largest first, unpriced last; totals are per currency and leave the unpriced out', () => {
    const price = (perHour: number, currency = 'CNY'): HourlyPrice => ({
      instanceType: 't',
      perHour,
      currency,
      source: 'config',
    });
    const item = (name: string, ...figures: [number, string?][]): CostItem => ({
      name,
      detail: 'Running',
      estimates: figures.map(([p, c]) => hourlyBurn(price(p, c), 1)),
      ...(figures.length ? {} : { unpriced: 'no price for t' }),
    });
    const items = [item('small', [1]), item('none'), item('big', [10]), item('usd', [3, 'USD']), item('mid', [2])];
    expect(largestFirst(items).map((i) => i.name)).toEqual(['big', 'usd', 'mid', 'small', 'none']);
    expect(totalsOf([{ items }, { error: 'x' }, { items: [item('more', [4])] }])).toEqual([
      { currency: 'CNY', amount: 17 },
      { currency: 'USD', amount: 3 },
    ]);
  });

  it('renders totals first, each part with its items, a part PAI refused, and the no-price lines', () => {
    const view = costReportView({
      workspace: 'dev',
      sinceMs: 7 * 86_400_000,
      services: {
        items: [serviceItem(svc('cheap', 1, 'ecs.c7.xlarge'), book), serviceItem(svc('dear', 2, GPU), book)],
      },
      notebooks: { error: 'The bot may not call ListInstances.' },
      jobs: { items: [jobItem(finishedJob(), book)!], more: '1 more ended without a pod running (nothing to bill)' },
    });
    expect(view.hourly).toEqual([{ currency: 'CNY', amount: 27.8 }]);
    const m = renderCostReport(view);
    expect(m.text).toBe(
      'Estimated costs in dev: ≈ CNY 27.80/h running now; ≈ CNY 33.75 for jobs that ended in the last 7d',
    );
    const text = (m.blocks ?? []).map((b) => JSON.stringify(b)).join('\n');
    expect(text.indexOf('`dear`')).toBeLessThan(text.indexOf('`cheap`'));
    expect(text).toContain(
      `• \`dear\` 2 replicas, Running: ≈ CNY 27.00/h (estimate: 2 × CNY 13.50/h for ${GPU}, ${SOURCE})`,
    );
    expect(text).toContain(':warning: could not be read: The bot may not call ListInstances.');
    expect(text).toContain('_1 more ended without a pod running (nothing to bill)_');
    expect(text).toContain('Every figure is an estimate, not a bill');
  });

  it('says "no figure" rather than a zero when nothing has a price', () => {
    const m = renderCostReport(
      costReportView({
        workspace: 'dev',
        sinceMs: 3_600_000,
        services: { items: [serviceItem(svc('x', 1, 'ecs.x.large'), book)] },
        notebooks: { items: [] },
        jobs: { items: [] },
      }),
    );
    expect(m.text).toBe('Estimated costs in dev: no figure running now; no figure for jobs that ended in the last 1h');
    expect(JSON.stringify(m.blocks)).toContain('_no price for ecs.x.large_');
  });
});

describe('cards', () => {
  it('a job card shows its cost only when given one, with the spot note', () => {
    const base = {
      name: 'train',
      jobId: 'dlc0123456789ab',
      workspace: 'dev',
      status: 'Succeeded',
      requester: 'U0ALICE',
      jobType: 'PyTorchJob',
      workers: 2,
      image: 'img',
    };
    expect(JSON.stringify(renderJobCard(base).blocks)).not.toContain('Cost');
    const cost = jobCost(finishedJob(), book);
    if (!cost.priced) throw new Error('priced');
    const shown = JSON.stringify(renderJobCard({ ...base, cost: { ...cost, spot: { bidPercent: 90 } } }).blocks);
    expect(shown).toContain(
      `*Cost*\\n≈ CNY 33.75 (estimate: 2.50 instance-hours × CNY 13.50/h for ${GPU}, ${SOURCE})\\n_at the on-demand price`,
    );
  });

  it('a service card shows the burn rate of its replicas when its type has a price', () => {
    const tracked = {
      service: 'svc',
      workspace: { name: 'dev', id: '100001' },
      channelId: 'C0DEV',
      requester: 'U0ALICE',
      readyTimes: [],
      rev: 1,
      last: { status: 'Running', running: 3, pending: 0, total: 3, instanceType: GPU },
    };
    const burn = serviceBurn(PRICING, tracked.last);
    expect(burn?.amount).toBe(40.5);
    expect(JSON.stringify(renderServiceCard(tracked, 0, burn).blocks)).toContain(
      `*Burn rate*\\n≈ CNY 40.50/h (estimate: 3 × CNY 13.50/h for ${GPU}, ${SOURCE})`,
    );
    expect(serviceBurn(PRICING, { ...tracked.last, instanceType: 'ecs.x.large' })).toBeUndefined();
    expect(serviceBurn(PRICING, { status: 'Running', running: 1, pending: 0, total: 1 })).toBeUndefined();
  });
});

describe('the approval request', () => {
  const submit: DlcSubmitJob = {
    type: 'dlc.submit',
    requester: { userId: 'U0ALICE', channelId: 'C0PROD' },
    workspace: { name: 'prod', id: '100002' },
    command: {
      kind: 'dlc.submit',
      name: 'train',
      image: 'img',
      command: 'run',
      jobType: 'PyTorchJob',
      workers: 4,
      instance: GPU,
      data: [],
      env: {},
      spot: false,
      skipPreflight: false,
    },
    requestKey: 'rk',
  };
  const pai = {
    dlc: {} as DlcClient,
    eas: {} as EasClient,
    dsw: {} as DswClient,
    region: 'cn-shanghai',
    describeAction,
  };

  it('describes the estimate apart from what it binds: the same action hashes the same, priced or not', async () => {
    const priced = await describeChange(submit, { ...pai, config: { pricing: PRICING } });
    const unpriced = await describeChange(submit, pai);
    expect(priced.estimate).toBe(`≈ CNY 54.00/h (estimate: 4 × CNY 13.50/h for ${GPU}, ${SOURCE})`);
    expect(unpriced.estimate).toMatch(/^no price for ecs\.gn7i-c8g1\.2xlarge \(/);
    expect(priced.details).toEqual(unpriced.details);
    expect(priced.keyFields).toEqual(unpriced.keyFields);
    expect(hashAction(submit)).toBe(hashAction(structuredClone(submit)));
  });

  it('shows the estimate as a field, and none on requests without one', () => {
    const opts = { approveEmoji: 'white_check_mark', rejectEmoji: 'x', now: 0 };
    const base = pendingRequest({ action: submit, title: 'dlc submit train', details: ['CreateJob'] });
    expect(JSON.stringify(renderApprovalRequest(base, opts).blocks)).not.toContain('Estimated cost');
    const withEstimate = renderApprovalRequest({ ...base, estimate: 'no price for ecs.a&b' }, opts);
    expect(JSON.stringify(withEstimate.blocks)).toContain('*Estimated cost*\\nno price for ecs.a&amp;b');
  });
});
