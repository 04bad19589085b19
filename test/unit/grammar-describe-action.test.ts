// describeAction names a queued job in receipts, failures and approval titles, from the verb table: the words of
// the verb that queued it, then what it acts on.

import { describe, expect, it } from 'vitest';
import type { ActionJob } from '../../src/actions/action-jobs.js';
import { describeAction } from '../../src/slack/grammar/describe-action.js';

const requester = { userId: 'U0ALICE', channelId: 'C0DEV' };
const workspace = { name: 'dev', id: '100001' };

const CASES: [ActionJob, string][] = [
  [
    {
      type: 'dlc.submit',
      requester,
      workspace,
      requestKey: 'rk-1',
      command: {
        kind: 'dlc.submit',
        name: 'train-1',
        image: 'img:1',
        command: 'run',
        jobType: 'PyTorchJob',
        workers: 1,
        data: [],
        env: {},
        spot: false,
        skipPreflight: false,
      },
    },
    'dlc submit train-1',
  ],
  [{ type: 'dlc.stop', requester, jobId: 'dlc1a2b3c4d5e6' }, 'dlc stop dlc1a2b3c4d5e6'],
  [{ type: 'dlc.status', requester, jobId: 'dlc1a2b3c4d5e6' }, 'dlc status dlc1a2b3c4d5e6'],
  [{ type: 'dlc.logs', requester, jobId: 'dlc1a2b3c4d5e6', tail: 50 }, 'dlc logs dlc1a2b3c4d5e6'],
  [{ type: 'dlc.list', requester, workspace, mine: false }, 'dlc list -w dev'],
  [{ type: 'ws.list', requester }, 'ws'],
  [
    {
      type: 'eas.deploy',
      requester,
      workspace,
      requestKey: 'rk-2',
      command: { kind: 'eas.deploy', service: 'bert_qa', image: 'img:1', replicas: 1 },
    },
    'eas deploy bert_qa',
  ],
  [{ type: 'eas.status', requester, service: 'bert_qa' }, 'eas status bert_qa'],
  [{ type: 'eas.events', requester, service: 'bert_qa' }, 'eas events bert_qa'],
  [{ type: 'eas.list', requester, workspace }, 'eas list -w dev'],
  [{ type: 'eas.change', requester, service: 'bert_qa', change: { verb: 'scale', replicas: 0 } }, 'eas scale bert_qa'],
  [
    { type: 'eas.change', requester, service: 'bert_qa', change: { verb: 'autoscale', min: 1, max: 3 } },
    'eas autoscale bert_qa',
  ],
  [
    { type: 'eas.change', requester, service: 'bert_qa', change: { verb: 'traffic', weight: 100 } },
    'eas traffic bert_qa',
  ],
  [{ type: 'eas.change', requester, service: 'bert_qa', change: { verb: 'stop' } }, 'eas stop bert_qa'],
  [{ type: 'eas.change', requester, service: 'bert_qa', change: { verb: 'start' } }, 'eas start bert_qa'],
  [{ type: 'eas.change', requester, service: 'bert_qa', change: { verb: 'restart' } }, 'eas restart bert_qa'],
  [{ type: 'eas.change', requester, service: 'bert_qa', change: { verb: 'delete' } }, 'eas delete bert_qa'],
  [{ type: 'dsw.list', requester, workspace, idle: true }, 'dsw list -w dev'],
  [{ type: 'dsw.status', requester, workspace, instanceId: 'dsw-05cefd0be2e5a278' }, 'dsw status dsw-05cefd0be2e5a278'],
  [
    { type: 'dsw.change', requester, workspace, instanceId: 'dsw-abcd1234', change: { verb: 'stop', saveImage: true } },
    'dsw stop dsw-abcd1234',
  ],
  [
    { type: 'dsw.change', requester, workspace, instanceId: 'dsw-abcd1234', change: { verb: 'start' } },
    'dsw start dsw-abcd1234',
  ],
  [
    {
      type: 'dsw.change',
      requester,
      workspace,
      instanceId: 'dsw-abcd1234',
      change: { verb: 'idle-stop', maxIdleMinutes: 60, cpuPercent: 20, gpuPercent: 10 },
    },
    'dsw idle-stop dsw-abcd1234',
  ],
  [{ type: 'oss.check', requester, workspace, bucket: 'ml-data', prefix: 'glue/' }, 'oss check oss://ml-data/glue/'],
  [{ type: 'oss.check', requester, workspace, bucket: 'ml-data', prefix: '' }, 'oss check oss://ml-data/'],
  [{ type: 'gallery.list', requester, task: 'text-generation' }, 'gallery list'],
  [
    {
      type: 'gallery.deploy',
      requester,
      workspace,
      requestKey: 'rk-3',
      command: { kind: 'gallery.deploy', modelId: 'model-qwen27binstruct0001', service: 'qwen_chat' },
    },
    'gallery deploy model-qwen27binstruct0001 qwen_chat',
  ],
];

describe('describeAction', () => {
  for (const [job, words] of CASES) {
    it(`names a ${job.type} job "${words}", as in the command that queued it`, () => {
      expect(describeAction(job)).toBe(words);
    });
  }
});
