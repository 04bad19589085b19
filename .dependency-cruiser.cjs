// The import rules of src/, checked by `npm test` (docs/layers.md explains them). Known exceptions, each a
// fault to fix and not a licence, are listed in .dependency-cruiser-known-violations.json; a new one fails.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'An import cycle: the two sides cannot be read, tested or moved apart.', from: {}, to: { circular: true } },
    {
      name: 'product-not-stand-ins',
      severity: 'error',
      comment: 'The product never imports the simulators, the fake Slack or the sandbox: they are not shipped.',
      from: { path: '^src/', pathNot: '^src/sandbox/' },
      to: { path: '^src/sandbox/' },
    },
    {
      name: 'pai-clients-are-leaves',
      severity: 'error',
      comment: 'src/pai speaks PAI wire format and nothing else: no Slack, queue or use case above it.',
      from: { path: '^src/pai/' },
      to: { path: '^src/', pathNot: '^src/(pai|config)/' },
    },
    {
      name: 'grammar-is-a-leaf',
      severity: 'error',
      comment: 'Parsing a command needs no I/O: the grammar imports only itself, config and PAI types.',
      from: { path: '^src/slack/grammar/' },
      to: { path: '^src/', pathNot: '^src/(slack/grammar|config|pai/[a-z-]+-types\\.ts$)' },
    },
    {
      name: 'renderers-are-pure',
      severity: 'error',
      comment: 'Renderers turn data into Block Kit: no queue, Redis, Slack client, PAI client or use case (types are fine).',
      from: { path: '^src/slack/render/' },
      to: { path: '^src/(queue|notify/(?!slack-output)|approvals|alerts|watchers|inference|training|http|admin|metrics|pai/[a-z-]+-client)', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'queue-below-use-cases',
      severity: 'error',
      comment: 'The queue runs handlers; it decides no policy: no approvals, watchers, use cases or listeners (types are fine).',
      from: { path: '^src/queue/' },
      to: { path: '^src/(approvals|alerts|watchers|inference|training|storage|slack)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'infrastructure-below-slack',
      severity: 'error',
      comment: 'Output, storage access, errors, logs, metrics and config sit below the Slack layer and the use cases.',
      from: { path: '^src/(notify|storage|errors|log|metrics|config)/' },
      to: { path: '^src/(slack|queue|approvals|alerts|watchers|inference|training|http)/' },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.d\\.ts$' },
  },
};
