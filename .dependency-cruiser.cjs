// The import rules of src/ and packages/, checked by `npm test` (docs/architecture.md explains them).
//
// src/ is in layers; a file imports its own layer or the layers below it, never above:
//
//   main.ts                             entry point: reads the role, starts the process
//   runtime/                            roles, worker threads, process start and stop
//   bot.ts                              composition root: builds everything below and wires it together
//   slack/ ops/                         what comes in: Bolt listeners and the command grammar; /healthz, /metrics, dashboard
//   queue/                              BullMQ: enqueue, the worker that runs handlers
//   actions/                            use cases (training, inference, oss, approvals, watchers, alerts…) and their contract
//   pai/ oss/ redis/ slack-out/         clients of the outside world
//   render/ diagnosis/ config/ errors/ log/ metrics/ time/, pai/*-types.ts   leaves: pure or foundational
//
// Type-only imports may point up a layer (a renderer may name a use case's snapshot type); values may not.
/* eslint-disable */
const LAYERS = [
  ['main', '^src/main\\.ts$'],
  ['runtime', '^src/runtime/'],
  ['bot', '^src/bot\\.ts$'],
  ['inputs', '^src/(slack|ops)/'],
  ['queue', '^src/queue/'],
  ['actions', '^src/actions/'],
  ['clients', '^src/(pai/(?![a-z-]+-types\\.ts$)|oss/|redis/|slack-out/)'],
  ['leaves', '^src/(render|diagnosis|config|errors|log|metrics|time)/|^src/pai/[a-z-]+-types\\.ts$'],
];

const layerRules = LAYERS.slice(1).map(([name, path], i) => ({
  name: `layer-${name}`,
  severity: 'error',
  comment: `src/ is layered (this file's header): ${name} imports only its own layer and those below it.`,
  from: { path },
  to: {
    path: LAYERS.slice(0, i + 1)
      .map(([, above]) => `(${above})`)
      .join('|'),
    dependencyTypesNot: ['type-only'],
  },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle: the two sides cannot be read, tested or moved apart.',
      from: {},
      to: { circular: true },
    },
    ...layerRules,
    {
      name: 'product-not-stand-ins',
      severity: 'error',
      comment: 'The product never imports the simulators, the fake Slack or the sandbox: they are not shipped.',
      from: { path: '^src/' },
      to: { path: '^(packages/|node_modules/@pai-bot/|@pai-bot/)' },
    },
    {
      name: 'stand-ins-not-product',
      severity: 'error',
      comment:
        "The simulators and the fake Slack speak the platforms' wire formats from their own types, never the bot's.",
      from: { path: '^packages/(pai-sim|fake-slack|sim-kit)/' },
      to: { path: '^src/' },
    },
    {
      name: 'pai-clients-are-leaves',
      severity: 'error',
      comment: 'src/pai speaks PAI wire format and nothing else: no Slack, Redis, OSS or use case beside it.',
      from: { path: '^src/pai/' },
      to: { path: '^src/', pathNot: '^src/(pai|config|errors|time)/' },
    },
    {
      name: 'grammar-is-a-leaf',
      severity: 'error',
      comment:
        'Parsing a command needs no I/O: the grammar imports only itself, config, PAI types and the job payload types.',
      from: { path: '^src/slack/grammar/' },
      to: {
        path: '^src/',
        pathNot: '^src/(slack/grammar|config|time|pai/[a-z-]+-types\\.ts$|actions/(action-jobs|[a-z-]+/payload)\\.ts$)',
      },
    },
    {
      name: 'grammar-reads-payload-types',
      severity: 'error',
      comment: 'The use cases define what a queued job stores; the grammar parses into those types, as types only.',
      from: { path: '^src/slack/grammar/' },
      to: { path: '^src/actions/[a-z-]+/payload\\.ts$', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
  },
};
