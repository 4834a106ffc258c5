import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { validateMlEntity } from '@ml-marketplace/plugin-ml-common';
import { parse } from 'yaml';
import { metadataIssues } from '../lib/metadataRules';
import { HF_FIXTURES, linesOf, runCli } from '../__testUtils__/runCli';

const importCard = async (card: string, ...args: string[]) => {
  const result = await runCli(['import-hf', card, ...args], HF_FIXTURES);
  return {
    ...result,
    entity: result.code === 0 ? parse(result.stdout) : undefined,
  };
};

/** The stderr notes, one string per "  - " bullet. */
const notesOf = (stderr: string) =>
  stderr
    .split(/\n {2}- /)
    .slice(1)
    .map(note => note.trimEnd());

describe('ml-marketplace import-hf', () => {
  it('imports a Trainer card with model-index results as a valid Model', async () => {
    const { code, entity, stderr } = await importCard(
      'distilbert-imdb.md',
      '--owner',
      'group:default/nlp',
    );
    expect(code).toBe(0);
    expect(entity).toEqual({
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Model',
      metadata: {
        name: 'distilbert-base-uncased-finetuned-imdb',
        description:
          'DistilBERT fine-tuned for binary sentiment classification of English movie reviews.',
        tags: ['generated-from-trainer'],
        annotations: { 'ml-marketplace.io/hf-datasets': 'imdb' },
      },
      spec: {
        owner: 'group:default/nlp',
        lifecycle: 'experimental',
        license: 'apache-2.0',
        task: 'text-classification',
        framework: 'transformers',
        baseModel: 'distilbert-base-uncased',
        evaluation: [
          {
            metric: 'accuracy',
            value: 0.93104,
            dataset: 'imdb',
            split: 'test',
          },
          { metric: 'f1', value: 0.9311, dataset: 'imdb', split: 'test' },
        ],
        modelCard: {
          languages: ['en'],
          summary:
            'DistilBERT fine-tuned for binary sentiment classification of English movie reviews. It labels a review POSITIVE or NEGATIVE and returns the probability of each label.',
          intendedUse:
            'Sentiment analysis of English movie and product reviews, e.g. to route negative reviews to support.\nReviews longer than 512 tokens are truncated.',
          trainingData:
            'The 25,000 labelled training reviews of the IMDb dataset; evaluated on its 25,000 test reviews.',
        },
      },
    });
    expect(validateMlEntity(entity)).toEqual([]);
    expect(metadataIssues(entity)).toEqual([]);
    expect(linesOf(stderr)[0]).toBe(
      'Imported distilbert-imdb.md as model:default/distilbert-base-uncased-finetuned-imdb. Review before committing:',
    );
    expect(notesOf(stderr)).toEqual([
      'tags rewritten to Backstage\'s tag rules: "generated_from_trainer" -> generated-from-trainer',
      'datasets imdb kept in annotation ml-marketplace.io/hf-datasets; declare them as catalog Datasets and list them in spec.trainedOn to draw lineage',
      'model-index fields with no place in spec.evaluation, not imported: task.name, dataset.type, dataset.config, dataset.args, metrics[].name',
      [
        'sections with no model-card field, not imported:',
        '      the text under the title (line 39) (2 blocks)',
        '      "Training hyperparameters" (line 64)',
        '      "Training results" (line 76)',
        '      "Framework versions" (line 82)',
      ].join('\n'),
      'metadata.name "distilbert-base-uncased-finetuned-imdb" made from the card\'s # title; pass --name to choose another',
    ]);
  });

  it('imports a card in the current HF template without model-index, mapping its sections', async () => {
    const { code, entity, stderr } = await importCard('german-ner.md');
    expect(code).toBe(0);
    expect(validateMlEntity(entity)).toEqual([]);
    expect(metadataIssues(entity)).toEqual([]);
    expect(entity.metadata).toEqual({
      name: 'german-ner',
      title: 'German NER',
      description:
        'A BERT token classifier that tags persons, organisations, locations and miscellaneous names in German and English news text.',
      tags: ['ner', 'named-entity-recognition', 'token-classification'],
      annotations: {
        'ml-marketplace.io/hf-base_model':
          'bert-base-multilingual-cased,deepset/gbert-base',
        'ml-marketplace.io/hf-datasets': 'germeval_14,conll2003',
      },
    });
    expect(entity.spec).toMatchObject({
      owner: 'group:default/CHANGE-ME',
      lifecycle: 'experimental',
      license: 'mit',
      task: 'token-classification',
      framework: 'transformers',
      baseModel: 'bert-base-multilingual-cased',
    });
    expect(entity.spec.evaluation).toBeUndefined();
    expect(entity.spec.modelCard).toEqual({
      languages: ['de', 'en'],
      summary:
        'A BERT token classifier that tags persons, organisations, locations and miscellaneous names in German and English news text. It was fine-tuned by the ACME NLP team for the newsroom search.',
      references: ['**Repository:** https://github.com/acme/german-ner'],
      intendedUse:
        'Highlighting names in search results of the newsroom archive.',
      useCases: [
        'Entity linking against the people directory',
        'Pseudonymising names before text leaves the EU region',
      ],
      outOfScopeUses: [
        'Legal or medical documents: the model never saw them.',
        'Identifying private individuals in social-media text.',
      ],
      limitations: [
        'Names of people from under-represented regions are tagged less reliably.',
        'Trained on news from 2014 and earlier; newer organisations are often missed.',
      ],
      caveats: [
        'Users should check the tags on a sample of their own text before relying on them.',
      ],
      trainingData:
        'GermEval 2014 (German) and CoNLL-2003 (English), merged to a common tag set.',
      evaluationData: 'The GermEval 2014 and CoNLL-2003 test splits.',
      quantitativeAnalysis: 'Entity-level F1.',
      citation:
        '@misc{acme2024germanner,\n  title = {German NER},\n  author = {ACME NLP team},\n  year = {2024}\n}',
    });
    expect(notesOf(stderr)).toEqual([
      'header key "base_model" lists 2 models; spec.baseModel holds the first, the others have no field: kept as annotation ml-marketplace.io/hf-base_model',
      'tags rewritten to Backstage\'s tag rules: "NER" -> ner, "Named Entity Recognition" -> named-entity-recognition',
      'datasets germeval_14, conll2003 kept in annotation ml-marketplace.io/hf-datasets; declare them as catalog Datasets and list them in spec.trainedOn to draw lineage',
      'metrics f1 have no value in model-index; add them to spec.evaluation with their results',
      [
        'sections with no model-card field, not imported:',
        '      the text under the title (line 22) (1 block)',
        '      "Model Description" (line 30) beyond its first paragraph (1 more block)',
        '      "How to Get Started with the Model" (line 78)',
        '      "Environmental Impact" (line 109)',
      ].join('\n'),
      'metadata.name "german-ner" made from the card\'s # title; pass --name to choose another',
      'spec.owner is the placeholder group:default/CHANGE-ME; pass --owner group:default/<your-team>',
    ]);
  });

  it('keeps header keys it cannot map as hf- annotations and lists each of them on stderr', async () => {
    const { code, entity, stderr } = await importCard(
      'unmappable-keys.md',
      '--owner',
      'group:default/support-ml',
    );
    expect(code).toBe(0);
    expect(validateMlEntity(entity)).toEqual([]);
    expect(metadataIssues(entity)).toEqual([]);
    expect(entity.metadata).toMatchObject({
      name: 'support-intent-v2',
      title: 'Support intent v2',
      tags: ['transformers', 'customer-support'],
      annotations: {
        'ml-marketplace.io/hf-license_link':
          'https://acme.example/licenses/internal',
        'ml-marketplace.io/hf-inference': 'false',
        'ml-marketplace.io/hf-thumbnail':
          'https://acme.example/support-intent.png',
        'ml-marketplace.io/hf-co2_eq_emissions':
          '{"emissions":12.5,"source":"codecarbon"}',
        'ml-marketplace.io/hf-widget':
          '[{"text":"My card was charged twice","example_title":"Billing"}]',
      },
    });
    expect(entity.spec).toMatchObject({
      license: 'acme-internal',
      evaluation: [
        {
          metric: 'accuracy',
          value: 0.87,
          dataset: 'Support tickets 2024',
          split: 'validation',
        },
      ],
    });
    expect(notesOf(stderr)).toEqual([
      'spec.license "acme-internal" taken from license_name (the header says license: other)',
      'tags rewritten to Backstage\'s tag rules: "🤗 Transformers" -> transformers, "Customer Support" -> customer-support',
      'tags dropped (a tag must be lowercase letters, digits, ":", "+" or "#" in words joined by single "-", at most 63 characters): "🔥", "a-tag-that-is-far-too-long-to-be-a-backstage-tag-because-it-goes-on-and-on"',
      'model-index results without a numeric value were not imported: latency = "N/A" on Support tickets 2024',
      'model-index fields with no place in spec.evaluation, not imported: dataset.type, metrics[].verified',
      'header key "license_link" has no Model field: kept as annotation ml-marketplace.io/hf-license_link',
      'header key "inference" has no Model field: kept as annotation ml-marketplace.io/hf-inference',
      'header key "thumbnail" has no Model field: kept as annotation ml-marketplace.io/hf-thumbnail',
      'header key "co2_eq_emissions" has no Model field: kept as annotation ml-marketplace.io/hf-co2_eq_emissions',
      'header key "widget" has no Model field: kept as annotation ml-marketplace.io/hf-widget',
      'metadata.name "support-intent-v2" made from the card\'s model_name; pass --name to choose another',
    ]);
  });

  it('fails on broken YAML in the front matter with one line naming the file and line', async () => {
    expect(await runCli(['import-hf', 'broken-yaml.md'], HF_FIXTURES)).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'ml-marketplace import-hf: broken-yaml.md:3:14: broken YAML in the front matter: Nested mappings are not allowed in compact mappings\n',
    });
  });

  it.each([
    [
      'an unclosed front matter',
      '---\nlicense: mit\n\n# m\n',
      'card.md: the YAML front matter opened on line 1 is never closed with a "---" line',
    ],
    [
      'no name anywhere',
      '---\nlicense: mit\n---\nSome text.\n',
      'card.md has no model_name, "# title" or model-index name to make an entity name of; pass --name',
    ],
  ])('fails on %s with a one-line error', async (_what, card, message) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-hf-'));
    fs.writeFileSync(path.join(dir, 'card.md'), card);
    expect(await runCli(['import-hf', 'card.md'], dir)).toEqual({
      code: 1,
      stdout: '',
      stderr: `ml-marketplace import-hf: ${message}\n`,
    });
  });

  it('fails on a missing card and on an invalid --name or --owner', async () => {
    expect(
      (await runCli(['import-hf', 'missing.md'], HF_FIXTURES)).stderr,
    ).toBe('ml-marketplace import-hf: missing.md: no such file\n');
    expect(
      (
        await runCli(
          ['import-hf', 'distilbert-imdb.md', '--name', 'Sentiment Model'],
          HF_FIXTURES,
        )
      ).stderr,
    ).toMatch(/^ml-marketplace import-hf: --name must be/);
    expect(
      (
        await runCli(
          ['import-hf', 'distilbert-imdb.md', '--owner', 'api:x'],
          HF_FIXTURES,
        )
      ).stderr,
    ).toMatch(/^ml-marketplace import-hf: --owner must refer to group or user/);
  });

  it('uses --name, and writes --output, refusing to overwrite without --force', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-hf-'));
    const card = path.join(HF_FIXTURES, 'distilbert-imdb.md');
    const first = await runCli(
      [
        'import-hf',
        card,
        '--name',
        'sentiment',
        '--output',
        'catalog-info.yaml',
      ],
      dir,
    );
    expect(first.code).toBe(0);
    expect(first.stdout).toBe('');
    expect(linesOf(first.stderr)[0]).toBe(
      `Imported ${card} as model:default/sentiment into catalog-info.yaml. Review before committing:`,
    );
    const written = fs.readFileSync(
      path.join(dir, 'catalog-info.yaml'),
      'utf8',
    );
    expect(parse(written).metadata).toMatchObject({
      name: 'sentiment',
      title: 'distilbert-base-uncased-finetuned-imdb',
    });
    expect(linesOf(written)[0]).toMatch(/^# yaml-language-server: \$schema=/);

    const again = await runCli(
      ['import-hf', card, '--output', 'catalog-info.yaml'],
      dir,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(
      'catalog-info.yaml already exists; pass --force',
    );
    expect(
      (
        await runCli(
          ['import-hf', card, '--output', 'catalog-info.yaml', '--force'],
          dir,
        )
      ).code,
    ).toBe(0);
  });

  it('writes output that validate accepts, apart from the placeholder owner', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ml-hf-'));
    await runCli(
      [
        'import-hf',
        path.join(HF_FIXTURES, 'german-ner.md'),
        '--output',
        'catalog-info.yaml',
      ],
      dir,
    );
    const validated = await runCli(['validate', 'catalog-info.yaml'], dir);
    expect(validated.code).toBe(0);
    expect(linesOf(validated.stdout)).toEqual([
      expect.stringMatching(
        /^catalog-info.yaml:\d+:\d+ {2}model:default\/german-ner {2}spec.owner {2}warning: refers to group:default\/CHANGE-ME/,
      ),
      '0 errors, 1 warning in 1 file (1 entity)',
    ]);
  });
});
