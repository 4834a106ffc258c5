#!/usr/bin/env node
// Copies a few of the repository's example entities into the app and registers
// them as a catalog location in its app-config.yaml: one Model, everything its
// spec refers to that the examples define (the Datasets it was trained on, the
// Features it consumes, its system) and its owner group.
// Usage: node examples.js <repoRoot> <appDir> <modelName>
// Prints the Model's entity ref.
const fs = require('fs');
const path = require('path');

const [repoRoot, appDir] = process.argv.slice(2, 4).map(p => path.resolve(p));
const modelName = process.argv[4];
const YAML = require(require.resolve('yaml', { paths: [appDir, repoRoot] }));

const examples = path.join(repoRoot, 'examples');
const files = [
  'ml/models.yaml',
  'ml/datasets.yaml',
  'ml/features.yaml',
  'org.yaml',
  'systems.yaml',
];
const docs = files
  .flatMap(f =>
    YAML.parseAllDocuments(fs.readFileSync(path.join(examples, f), 'utf8')).map(
      d => d.toJSON(),
    ),
  )
  .filter(Boolean);

const defaultKind = {
  owner: 'group',
  system: 'system',
  trainedOn: 'dataset',
  consumesFeatures: 'feature',
};
const refOf = (value, kind) => {
  const m = /^(?:([^:]+):)?(?:([^/]+)\/)?(.+)$/.exec(value);
  return `${(m[1] ?? kind).toLowerCase()}:${m[2] ?? 'default'}/${m[3]}`;
};
const byRef = new Map(
  docs.map(d => [
    `${d.kind.toLowerCase()}:${d.metadata.namespace ?? 'default'}/${
      d.metadata.name
    }`,
    d,
  ]),
);
const model = byRef.get(`model:default/${modelName}`);
if (!model)
  throw new Error(`examples/ml/models.yaml has no Model ${modelName}`);
const wanted = [model];
for (const [field, kind] of Object.entries(defaultKind)) {
  const values = [model.spec[field] ?? []].flat();
  for (const v of values) {
    const entity = byRef.get(refOf(v, kind));
    if (entity) wanted.push(entity);
  }
}
// The owner group without its place in the example org (its parent and members
// are not copied).
for (const e of wanted) {
  if (e.kind === 'Group') {
    delete e.spec.parent;
    e.spec.children = [];
    delete e.spec.members;
  }
}

const target = path.join(appDir, 'examples/ml-entities.yaml');
fs.writeFileSync(
  target,
  `# Copied from the ML marketplace repository's examples/ by scripts/test-adoption.sh\n${wanted
    .map(e => YAML.stringify(e))
    .join('---\n')}`,
);

const configFile = path.join(appDir, 'app-config.yaml');
const config = YAML.parseDocument(fs.readFileSync(configFile, 'utf8'));
const locations = config.getIn(['catalog', 'locations']);
locations.add(
  config.createNode({
    type: 'file',
    target: '../../examples/ml-entities.yaml',
    rules: [{ allow: [...new Set(wanted.map(e => e.kind))] }],
  }),
);
fs.writeFileSync(
  configFile,
  config.toString({ lineWidth: 0, flowCollectionPadding: false }),
);
console.error(
  `  examples/ml-entities.yaml: ${wanted
    .map(e => `${e.kind} ${e.metadata.name}`)
    .join(', ')}; catalog location added`,
);
console.log(`model:default/${modelName}`);
