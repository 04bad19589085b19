// Realistic failures for the simulator: what PAI shows when a DLC job or an EAS service fails for each cause the
// classifier knows (src/diagnosis). Pass one to planNextJob / planJobNamed, or planNextService / planServiceNamed,
// e.g. `sim.planNextJob(JOB_FAILURE_SCENARIOS.oss_permission)`. Each scenario is classified to its own cause (tested),
// so the sandbox and the classifier cannot drift apart.
//
// Job event texts are "<Reason> <object>: <message>"; the simulator prefixes a timestamp and "Warning". Log lines get a
// timestamp prefix and are the same for every pod. Pod names are written without the job id ("worker-1").

import type { ServicePlan } from './eas-plan.js';
import type { JobPlan } from './types.js';

/**
 * The causes a scenario exists for. The simulator does not import the bot, so this list is its own; the root test
 * test/unit/diagnosis-scenarios.test.ts fails when it and the classifier's causes differ.
 */
export type SimFailureCause =
  | 'oss_permission'
  | 'out_of_memory'
  | 'nccl_network'
  | 'image_pull'
  | 'quota_or_stock'
  | 'spot_preemption'
  | 'user_code';

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}

const SITE = '/usr/local/lib/python3.10/site-packages';

/** torchrun's summary after a rank died; `exitcode` is the child's (negative: killed by that signal). */
function torchrunSummary(exitcode: number, rank: number, error: string): string[] {
  return [
    `[2026-01-01 00:00:00,000] torch.distributed.elastic.multiprocessing.api: [ERROR] failed (exitcode: ${exitcode}) local_rank: 0 (pid: 87) of binary: /usr/bin/python3`,
    'Traceback (most recent call last):',
    '  File "/usr/local/bin/torchrun", line 8, in <module>',
    '    sys.exit(main())',
    `  File "${SITE}/torch/distributed/run.py", line 138, in __call__`,
    '    return launch_agent(self._config, self._entrypoint, list(args))',
    `  File "${SITE}/torch/distributed/launcher/api.py", line 264, in launch_agent`,
    '    raise ChildFailedError(',
    'torch.distributed.elastic.multiprocessing.errors.ChildFailedError:',
    '============================================================',
    'train.py FAILED',
    '------------------------------------------------------------',
    'Root Cause (first observed failure):',
    '[0]:',
    `  rank      : ${rank} (local_rank: 0)`,
    `  exitcode  : ${exitcode} (pid: 87)`,
    `  error_file: <N/A>`,
    `  traceback : ${error}`,
    '============================================================',
  ];
}

// DLC jobs
// -------------------------------------------------------------------------------------------------------------

/** A DataLoader worker reads training samples with oss2 and the bucket policy denies it. */
const OSS_ACCESS_DENIED: Partial<JobPlan> = {
  outcome: 'Failed',
  runningMs: 6_000,
  reasonCode: 'JobFailed',
  reasonMessage: 'Job failed: pod worker-0 exited with code 1.',
  events: ['PodFailed pod/worker-0: container pytorch terminated: Error, exit code 1'],
  logs: [
    'Traceback (most recent call last):',
    '  File "/workspace/train.py", line 212, in <module>',
    '    main()',
    '  File "/workspace/train.py", line 188, in main',
    '    for step, batch in enumerate(train_loader):',
    `  File "${SITE}/torch/utils/data/dataloader.py", line 631, in __next__`,
    '    data = self._next_data()',
    `  File "${SITE}/torch/utils/data/dataloader.py", line 1346, in _next_data`,
    '    return self._process_data(data)',
    `  File "${SITE}/torch/utils/data/dataloader.py", line 1372, in _process_data`,
    '    data.reraise()',
    `  File "${SITE}/torch/_utils.py", line 722, in reraise`,
    '    raise exception',
    'RuntimeError: Caught AccessDenied in DataLoader worker process 0.',
    'Original Traceback (most recent call last):',
    `  File "${SITE}/torch/utils/data/_utils/worker.py", line 308, in _worker_loop`,
    '    data = fetcher.fetch(index)',
    '  File "/workspace/data/oss_dataset.py", line 41, in __getitem__',
    '    obj = self.bucket.get_object(self.keys[idx])',
    `  File "${SITE}/oss2/api.py", line 1100, in get_object`,
    "    resp = self.__do_object('GET', key, headers=headers, params=params)",
    `  File "${SITE}/oss2/api.py", line 2848, in __do_object`,
    '    return self._do(method, self.bucket_name, key, **kwargs)',
    `  File "${SITE}/oss2/api.py", line 272, in _do`,
    '    raise e',
    "oss2.exceptions.AccessDenied: {'status': 403, 'x-oss-request-id': '6655A1B2C3D4E5F6A7B8C9D0', 'code': 'AccessDenied', " +
      "'message': 'You have no right to access this object because of bucket acl.', 'ec': '0003-00000001', 'bucket': 'ml-data', " +
      "'key': 'imagenet/train/n01440764/n01440764_10026.JPEG'}",
    ...torchrunSummary(1, 0, 'To enable traceback see: https://pytorch.org/docs/stable/elastic/errors.html'),
  ],
};

/** ossfs cannot mount the data source while the pod starts: the job never runs. */
const OSSFS_MOUNT_FORBIDDEN: Partial<JobPlan> = {
  outcome: 'Failed',
  envPreparingMs: 8_000,
  runningMs: 0,
  reasonCode: 'JobFailed',
  reasonMessage:
    'Job failed: pod worker-0 could not mount data source oss://ml-data.oss-cn-hangzhou-internal.aliyuncs.com/imagenet/ at /mnt/data.',
  events: [
    'FailedMount pod/worker-0: MountVolume.SetUp failed for volume "data-0" : rpc error: code = Unknown desc = ' +
      'ossfs: [ERR] curl.cpp:CheckBucket(3420): Check bucket failed, oss response: 403 Forbidden, bucket: ml-data, ' +
      'url: http://ml-data.oss-cn-hangzhou-internal.aliyuncs.com/',
    'FailedMount pod/worker-0: Unable to attach or mount volumes: unmounted volumes=[data-0], unattached volumes=[data-0 dshm]: timed out waiting for the condition',
  ],
  logs: [],
};

/** The data source names a bucket that does not exist (or is in another region). */
const NO_SUCH_BUCKET: Partial<JobPlan> = {
  outcome: 'Failed',
  runningMs: 3_000,
  reasonCode: 'JobFailed',
  reasonMessage: 'Job failed: pod worker-0 exited with code 1.',
  logs: [
    'Traceback (most recent call last):',
    '  File "/workspace/prepare.py", line 17, in <module>',
    "    for obj in oss2.ObjectIterator(bucket, prefix='corpus/'):",
    `  File "${SITE}/oss2/iterators.py", line 46, in __next__`,
    '    self.fetch_with_retry()',
    `  File "${SITE}/oss2/iterators.py", line 61, in fetch_with_retry`,
    '    self.is_truncated, self.next_marker = self._fetch()',
    "oss2.exceptions.NoSuchBucket: {'status': 404, 'x-oss-request-id': '6655A1B2C3D4E5F6A7B8C9D1', 'code': 'NoSuchBucket', " +
      "'message': 'The specified bucket does not exist.', 'ec': '0015-00000101', 'bucket': 'ml-corpus-prod'}",
  ],
};

/** Host memory: the kernel kills the trainer; torchrun sees SIGKILL. */
const HOST_OOM_KILLED: Partial<JobPlan> = {
  outcome: 'Failed',
  runningMs: 12_000,
  reasonCode: 'JobFailed',
  reasonMessage: 'Job failed: pod worker-0 was OOMKilled (exit code 137).',
  events: [
    'OOMKilling node/cn-hangzhou.192.168.3.21: Memory cgroup out of memory: Killed process 4182 (python3) total-vm:98432112kB, anon-rss:62893440kB, file-rss:0kB, shmem-rss:4kB, UID:0 pgtables:123456kB oom_score_adj:-997',
    'PodFailed pod/worker-0: container pytorch terminated: OOMKilled, exit code 137',
  ],
  logs: ['Loading dataset into memory: 61.2 GiB', ...torchrunSummary(-9, 0, 'Signal 9 (SIGKILL) received by PID 4182')],
};

/** GPU memory: the backward pass asks for more than the GPU has. */
const CUDA_OOM: Partial<JobPlan> = {
  outcome: 'Failed',
  runningMs: 8_000,
  reasonCode: 'JobFailed',
  reasonMessage: 'Job failed: pod worker-0 exited with code 1.',
  logs: [
    'Traceback (most recent call last):',
    '  File "/workspace/train.py", line 230, in <module>',
    '    main()',
    '  File "/workspace/train.py", line 201, in main',
    '    loss.backward()',
    `  File "${SITE}/torch/_tensor.py", line 522, in backward`,
    '    torch.autograd.backward(',
    `  File "${SITE}/torch/autograd/__init__.py", line 266, in backward`,
    '    Variable._execution_engine.run_backward(  # Calls into the C++ engine to run the backward pass',
    'torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity of 22.06 GiB of which 1.12 GiB is free. ' +
      'Process 4182 has 20.93 GiB memory in use. Of the allocated memory 19.80 GiB is allocated by PyTorch, and 612.45 MiB is reserved by PyTorch but unallocated. ' +
      'If reserved but unallocated memory is large try setting PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True to avoid fragmentation.',
    ...torchrunSummary(1, 0, 'To enable traceback see: https://pytorch.org/docs/stable/elastic/errors.html'),
  ],
};

/** Workers cannot reach each other (e.g. a security group without intra-group rules): the all-reduce hangs. */
const NCCL_WATCHDOG_TIMEOUT: Partial<JobPlan> = {
  outcome: 'Failed',
  runningMs: 15_000,
  reasonCode: 'JobFailed',
  reasonMessage: 'Job failed: pod worker-1 exited with code 1.',
  logs: [
    'worker-1:87:212 [0] NCCL INFO NET/Socket : Using [0]eth0:192.168.3.22<0>',
    'worker-1:87:212 [0] NCCL INFO Channel 00/02 :    0   1',
    'worker-1:87:530 [0] NCCL WARN socketProgressOpt: Call to recv from 192.168.3.21<52018> failed : Connection timed out',
    'worker-1:87:530 [0] NCCL INFO transport/net_socket.cc:493 -> 6',
    '[E ProcessGroupNCCL.cpp:475] [Rank 1] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=1842, OpType=ALLREDUCE, NumelIn=26214400, NumelOut=26214400, Timeout(ms)=1800000) ran for 1800512 milliseconds before timing out.',
    '[E ProcessGroupNCCL.cpp:489] Some NCCL operations have failed or timed out. Due to the asynchronous nature of CUDA kernels, subsequent GPU operations might run on corrupted/incomplete data.',
    '[E ProcessGroupNCCL.cpp:495] To avoid data inconsistency, we are taking the entire process down.',
    "terminate called after throwing an instance of 'std::runtime_error'",
    '  what():  [Rank 1] NCCL watchdog thread terminated with exception: [Rank 1] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=1842, OpType=ALLREDUCE) ran for 1800512 milliseconds before timing out.',
    ...torchrunSummary(-6, 1, 'Signal 6 (SIGABRT) received by PID 87'),
  ],
};

/** The image does not exist or needs credentials: the pods never start. */
const IMAGE_PULL_DENIED: Partial<JobPlan> = {
  outcome: 'Failed',
  envPreparingMs: 10_000,
  runningMs: 0,
  reasonCode: 'JobFailed',
  reasonMessage: 'Job failed: pod worker-0 failed to start: ImagePullBackOff.',
  events: [
    'Failed pod/worker-0: Failed to pull image "registry-vpc.cn-hangzhou.aliyuncs.com/acme/trainer:v2": rpc error: code = Unknown desc = ' +
      'failed to pull and unpack image "registry-vpc.cn-hangzhou.aliyuncs.com/acme/trainer:v2": failed to resolve reference ' +
      '"registry-vpc.cn-hangzhou.aliyuncs.com/acme/trainer:v2": pull access denied, repository does not exist or may require authorization: ' +
      'server message: insufficient_scope: authorization failed',
    'Failed pod/worker-0: Error: ErrImagePull',
    'BackOff pod/worker-0: Back-off pulling image "registry-vpc.cn-hangzhou.aliyuncs.com/acme/trainer:v2"',
    'Failed pod/worker-0: Error: ImagePullBackOff',
  ],
  logs: [],
};

/** The instance type is sold out in the region: the job never leaves the queue. */
const NO_STOCK: Partial<JobPlan> = {
  outcome: 'Failed',
  queuingMs: 12_000,
  envPreparingMs: 0,
  runningMs: 0,
  reasonCode: 'ResourceNotEnough',
  reasonMessage:
    'The requested resource ecs.gn7-c12g1.3xlarge is not enough in cn-hangzhou (NoStock): The resource is out of stock in the specified zone. ' +
    'Please try other instance types or zones.',
  events: [
    "FailedScheduling pod/worker-0: 0/24 nodes are available: 8 Insufficient nvidia.com/gpu, 16 node(s) didn't match Pod's node affinity/selector.",
    'FailedCreateInstance job/ecs.gn7-c12g1.3xlarge: create instance failed: OperationDenied.NoStock: The requested resource is sold out in the specified zone.',
  ],
  logs: [],
};

/** A spot worker is reclaimed mid-run; the surviving rank then times out in NCCL. */
const SPOT_RECLAIMED: Partial<JobPlan> = {
  outcome: 'Failed',
  runningMs: 15_000,
  reasonCode: 'JobFailed',
  reasonMessage:
    'Job failed: pod worker-1 was terminated because its spot instance i-bp1f3x9k2m7q8w4e5r6t was released (SpotInstanceReclaimed).',
  events: [
    'SpotInstanceReclaimed node/cn-hangzhou.192.168.3.22: the spot instance i-bp1f3x9k2m7q8w4e5r6t will be released in 5 minutes (instance-action: terminate)',
    'NodeNotReady node/cn-hangzhou.192.168.3.22: Node cn-hangzhou.192.168.3.22 status is now: NodeNotReady',
    'Evicted pod/worker-1: The node was reclaimed: spot instance i-bp1f3x9k2m7q8w4e5r6t released',
  ],
  logs: [
    '[E ProcessGroupNCCL.cpp:475] [Rank 0] Watchdog caught collective operation timeout: WorkNCCL(SeqNum=977, OpType=ALLREDUCE, NumelIn=26214400, NumelOut=26214400, Timeout(ms)=600000) ran for 600214 milliseconds before timing out.',
    '[E ProcessGroupNCCL.cpp:495] To avoid data inconsistency, we are taking the entire process down.',
    ...torchrunSummary(-6, 0, 'Signal 6 (SIGABRT) received by PID 87'),
  ],
};

/** A missing dependency: fails at import, seconds after start. */
const MODULE_NOT_FOUND: Partial<JobPlan> = {
  outcome: 'Failed',
  runningMs: 2_000,
  reasonCode: 'JobFailed',
  reasonMessage: 'Job failed: pod worker-0 exited with code 1.',
  logs: [
    'Traceback (most recent call last):',
    '  File "/workspace/train.py", line 9, in <module>',
    '    from transformers import AutoModelForCausalLM, AutoTokenizer',
    "ModuleNotFoundError: No module named 'transformers'",
    ...torchrunSummary(1, 0, 'To enable traceback see: https://pytorch.org/docs/stable/elastic/errors.html'),
  ],
};

/** One realistic failure per cause, for planNextJob / planJobNamed. */
export const JOB_FAILURE_SCENARIOS: Readonly<Record<SimFailureCause, Partial<JobPlan>>> = deepFreeze({
  oss_permission: OSS_ACCESS_DENIED,
  out_of_memory: HOST_OOM_KILLED,
  nccl_network: NCCL_WATCHDOG_TIMEOUT,
  image_pull: IMAGE_PULL_DENIED,
  quota_or_stock: NO_STOCK,
  spot_preemption: SPOT_RECLAIMED,
  user_code: MODULE_NOT_FOUND,
});

/** Other shapes of the same causes. */
export const JOB_FAILURE_VARIANTS: readonly { name: string; cause: SimFailureCause; plan: Partial<JobPlan> }[] =
  deepFreeze([
    { name: 'ossfs-mount-403', cause: 'oss_permission', plan: OSSFS_MOUNT_FORBIDDEN },
    { name: 'no-such-bucket', cause: 'oss_permission', plan: NO_SUCH_BUCKET },
    { name: 'cuda-oom', cause: 'out_of_memory', plan: CUDA_OOM },
  ]);

// EAS services
// ---------------------------------------------------------------------------------------------------------

export type ServiceFailureScenario = Extract<
  SimFailureCause,
  'image_pull' | 'oss_permission' | 'out_of_memory' | 'user_code'
>;

/** One realistic failure per cause, for planNextService / planServiceNamed. */
export const SERVICE_FAILURE_SCENARIOS: Readonly<Record<ServiceFailureScenario, Partial<ServicePlan>>> = deepFreeze({
  // The simulator derives the pull errors, the Back-off events and the diagnosis from the deployed image.
  image_pull: {
    outcome: 'Failed',
    reason: 'ImagePullBackOff',
    instanceReason: 'ImagePullBackOff',
  },
  // The model path is mounted with ossfs before the container starts; the mount is denied.
  oss_permission: {
    outcome: 'Failed',
    reason: 'FailedMount',
    message:
      'Instances cannot start: mounting oss://ml-models/qwen2-7b-instruct/ at /mnt/model failed with 403 AccessDenied.',
    instanceReason: 'ContainerCreating',
    warningEvents: [
      {
        Reason: 'FailedMount',
        Message:
          'MountVolume.SetUp failed for volume "model-oss" : rpc error: code = Unknown desc = failed to mount oss://ml-models/qwen2-7b-instruct/ ' +
          'to /mnt/model: ossfs exited with 1: ossfs: [ERR] curl.cpp:CheckBucket(3420): Check bucket failed, oss response: ' +
          '<Error><Code>AccessDenied</Code><Message>You have no right to access this object because of bucket acl.</Message>' +
          '<BucketName>ml-models</BucketName><EC>0003-00000001</EC></Error>, 403 AccessDenied',
      },
      {
        Reason: 'FailedMount',
        Message:
          'Unable to attach or mount volumes: unmounted volumes=[model-oss], unattached volumes=[model-oss dshm]: timed out waiting for the condition',
      },
    ],
    diagnosis: [
      {
        Error: 'FailedMount',
        Causes: ['the OSS path oss://ml-models/qwen2-7b-instruct/ could not be mounted: AccessDenied (403)'],
        Advices: ['check that the bucket exists in the service region and that the role EAS uses can read it'],
      },
    ],
  },
  // The model does not fit in the container's memory: it is killed while loading, again and again.
  out_of_memory: {
    outcome: 'Failed',
    reason: 'CrashLoopBackOff',
    message:
      'Container worker0 was OOMKilled (exit code 137) while loading the model; back-off restarting failed container.',
    instanceReason: 'OOMKilled',
    warningEvents: [
      {
        Reason: 'OOMKilling',
        Message:
          'Memory cgroup out of memory: Killed process 2817 (python3) total-vm:41208332kB, anon-rss:32505856kB, file-rss:0kB, shmem-rss:0kB',
      },
      { Reason: 'BackOff', Message: 'Back-off restarting failed container worker0' },
    ],
    diagnosis: [
      {
        Error: 'OOMKilled',
        Causes: ['the container exceeded its memory limit and was killed (exit code 137)'],
        Advices: [
          'use an instance type with more memory or raise metadata.memory',
          'serve a smaller or quantized model',
        ],
      },
    ],
  },
  // The serving script cannot import its framework and exits at once.
  user_code: {
    outcome: 'Failed',
    reason: 'CrashLoopBackOff',
    message:
      "Container worker0 exited with code 1: ModuleNotFoundError: No module named 'vllm'; back-off restarting failed container.",
    instanceReason: 'CrashLoopBackOff',
    warningEvents: [{ Reason: 'BackOff', Message: 'Back-off restarting failed container worker0' }],
    diagnosis: [
      {
        Error: 'CrashLoopBackOff',
        Causes: ["the container exits with code 1 shortly after starting: ModuleNotFoundError: No module named 'vllm'"],
        Advices: [
          'read the logs of the previous run (DescribeServiceLog with Previous=true)',
          'check the start command and the image',
        ],
      },
    ],
  },
});
