import {
  ML_API_VERSION,
  MODEL_KIND,
  type ModelCard,
  type ModelEvaluation,
} from '@ml-marketplace/plugin-ml-common';
import { isObject } from './catalogDocuments';
import { TAG_RULE, toEntityName, toTag } from './entityNames';
import type { CardSection, HfCard } from './hfCard';
import { CliError } from './io';
import {
  firstSentence,
  listItems,
  markdownBlocks,
  plainText,
  unfence,
  unwrap,
  type MarkdownBlock,
} from './markdownText';

export const HF_ANNOTATION_PREFIX = 'ml-marketplace.io/hf-';
export const HF_DATASETS_ANNOTATION = `${HF_ANNOTATION_PREFIX}datasets`;
export const PLACEHOLDER_OWNER = 'group:default/CHANGE-ME';

type TextField =
  | 'summary'
  | 'intendedUse'
  | 'trainingData'
  | 'evaluationData'
  | 'quantitativeAnalysis'
  | 'citation';
type ListField =
  | 'outOfScopeUses'
  | 'useCases'
  | 'limitations'
  | 'caveats'
  | 'references'
  | 'ethicalConsiderations';

/**
 * Model-card fields and the section headings (normalised by headingKey) that
 * fill them, covering the current Hugging Face template, the Trainer's
 * generated cards and common hand-written variants.
 */
const SECTION_FIELDS: Array<{
  field: TextField | ListField;
  headings: string[];
}> = [
  // Not `summary`: in the HF template `#### Summary` sums up the evaluation results.
  {
    field: 'summary',
    headings: [
      'model description',
      'model details',
      'model summary',
      'description',
      'model overview',
      'overview',
    ],
  },
  {
    field: 'intendedUse',
    headings: [
      'intended uses',
      'intended use',
      'intended uses and limitations',
      'direct use',
      'uses',
      'intended use cases',
    ],
  },
  {
    field: 'useCases',
    headings: ['downstream use', 'downstream uses', 'use cases'],
  },
  {
    field: 'outOfScopeUses',
    headings: [
      'out of scope use',
      'out of scope uses',
      'out of scope',
      'misuse and out of scope use',
      'misuse malicious use and out of scope use',
    ],
  },
  {
    field: 'limitations',
    headings: [
      'bias risks and limitations',
      'limitations',
      'risks and limitations',
      'limitations and bias',
      'limitations and biases',
      'bias and limitations',
      'biases and limitations',
      'known limitations',
    ],
  },
  {
    field: 'ethicalConsiderations',
    headings: [
      'ethical considerations',
      'ethics',
      'ethical considerations and risks',
    ],
  },
  {
    field: 'caveats',
    headings: ['recommendations', 'caveats', 'caveats and recommendations'],
  },
  {
    field: 'trainingData',
    headings: [
      'training data',
      'training and evaluation data',
      'training dataset',
      'training datasets',
    ],
  },
  {
    field: 'evaluationData',
    headings: [
      'testing data',
      'evaluation data',
      'test data',
      'eval data',
      'evaluation dataset',
      'evaluation datasets',
    ],
  },
  {
    field: 'quantitativeAnalysis',
    headings: ['results', 'evaluation results', 'metrics', 'factors'],
  },
  { field: 'references', headings: ['model sources', 'references'] },
  {
    field: 'citation',
    headings: [
      'citation',
      'bibtex entry and citation info',
      'citation information',
      'bibtex',
      'how to cite',
    ],
  },
];
const LIST_FIELDS = new Set<string>([
  'outOfScopeUses',
  'useCases',
  'limitations',
  'caveats',
  'references',
  'ethicalConsiderations',
]);

/** Header keys with a home in the entity; everything else becomes an annotation. */
const MAPPED_KEYS = new Set([
  'model_name',
  'license',
  'license_name',
  'pipeline_tag',
  'library_name',
  'base_model',
  'language',
  'tags',
  'datasets',
  'metrics',
  'model-index',
]);

export interface ImportOptions {
  /** The card's path as the user wrote it, for messages. */
  file: string;
  name?: string;
  owner?: string;
}

export interface ImportResult {
  entity: {
    apiVersion: string;
    kind: string;
    metadata: Record<string, unknown>;
    spec: Record<string, unknown>;
  };
  /** What the owner should know: everything not imported as-is, and why. */
  notes: string[];
}

const quoted = (values: ReadonlyArray<unknown>) =>
  values.map(v => JSON.stringify(v)).join(', ');
const text = (value: unknown) =>
  typeof value === 'string' && value.trim() ? value.trim() : undefined;
const listOf = (value: unknown): unknown[] => {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
};

/** `co2_eq_emissions` → `ml-marketplace.io/hf-co2_eq_emissions`, within the 63-character name rule. */
export function hfAnnotationKey(key: string): string {
  const name = `hf-${key.replace(/[^A-Za-z0-9._-]+/g, '-')}`
    .slice(0, 63)
    .replace(/[^A-Za-z0-9]+$/, '');
  return `ml-marketplace.io/${name}`;
}

/**
 * Maps a Hugging Face model card to a Model entity. Nothing is dropped silently:
 * header keys without a field are kept as `ml-marketplace.io/hf-<key>`
 * annotations, and every such key, rewritten tag, skipped value and unmatched
 * section is described in `notes`.
 */
export function modelFromHfCard(
  card: HfCard,
  options: ImportOptions,
): ImportResult {
  const { header } = card;
  const notes: string[] = [];
  const annotations: Record<string, string> = {};
  const spec: Record<string, unknown> = {};
  const modelCard: Record<string, unknown> = {};

  const keep = (key: string, value: unknown, why: string) => {
    const annotation = hfAnnotationKey(key);
    annotations[annotation] =
      typeof value === 'string' ? value : JSON.stringify(value);
    notes.push(`header key "${key}" ${why}: kept as annotation ${annotation}`);
  };
  const mapText = (key: string, target: (v: string) => void) => {
    const value = header[key];
    if (value === undefined || value === null || value === '') return;
    const found = text(value);
    if (found) target(found);
    else keep(key, value, `is not a text (${JSON.stringify(value)})`);
  };

  mapText('license', v => (spec.license = v));
  // HF writes a custom licence as `license: other` plus its name and link.
  if (spec.license === 'other' && text(header.license_name)) {
    spec.license = text(header.license_name);
    notes.push(
      `spec.license "${spec.license}" taken from license_name (the header says license: other)`,
    );
  } else if (
    header.license_name !== undefined &&
    header.license_name !== null
  ) {
    keep('license_name', header.license_name, 'goes with license: other only');
  }
  mapText('pipeline_tag', v => (spec.task = v));
  mapText('library_name', v => (spec.framework = v));

  const baseModels = listOf(header.base_model);
  if (baseModels.length > 0) {
    if (typeof baseModels[0] === 'string' && baseModels[0].trim())
      spec.baseModel = baseModels[0].trim();
    if (baseModels.length > 1 || !spec.baseModel) {
      keep(
        'base_model',
        baseModels.join(','),
        spec.baseModel
          ? `lists ${baseModels.length} models; spec.baseModel holds the first, the others have no field`
          : 'is not a model id',
      );
    }
  }

  const languages = listOf(header.language);
  const goodLanguages = languages.filter(
    (l): l is string => typeof l === 'string' && l.trim() !== '',
  );
  if (goodLanguages.length > 0) modelCard.languages = goodLanguages;
  if (goodLanguages.length < languages.length) {
    notes.push(
      `language values ${quoted(
        languages.filter(l => !goodLanguages.includes(l as string)),
      )} are not language codes; not imported`,
    );
  }

  const tags = tagsOf(listOf(header.tags), notes);

  const datasets = listOf(header.datasets).map(String);
  if (datasets.length > 0) {
    annotations[HF_DATASETS_ANNOTATION] = datasets.join(',');
    notes.push(
      `datasets ${datasets.join(
        ', ',
      )} kept in annotation ${HF_DATASETS_ANNOTATION}; declare them as catalog Datasets and list them in spec.trainedOn to draw lineage`,
    );
  }

  const evaluation = evaluationOf(header['model-index'], notes);
  if (evaluation.results.length > 0) spec.evaluation = evaluation.results;
  if (!spec.task && evaluation.taskTypes.length > 0) {
    spec.task = evaluation.taskTypes[0];
    notes.push(
      `spec.task "${spec.task}" taken from model-index (the header has no pipeline_tag)`,
    );
  }
  const uncovered = listOf(header.metrics)
    .map(String)
    .filter(
      m =>
        !evaluation.results.some(
          r =>
            r.metric.toLocaleLowerCase('en-US') ===
            m.toLocaleLowerCase('en-US'),
        ),
    );
  if (uncovered.length > 0) {
    notes.push(
      `metrics ${uncovered.join(
        ', ',
      )} have no value in model-index; add them to spec.evaluation with their results`,
    );
  }

  for (const [key, value] of Object.entries(header)) {
    if (!MAPPED_KEYS.has(key) && value !== null && value !== undefined) {
      keep(key, value, 'has no Model field');
    }
  }

  const title = titleOf(card, header);
  mapSections(card.sections, title.line, modelCard, notes);
  const summary = modelCard.summary as string | undefined;

  const name = nameOf(options, header, title.text, evaluation.firstName, notes);
  const owner = options.owner ?? PLACEHOLDER_OWNER;
  if (!options.owner) {
    notes.push(
      `spec.owner is the placeholder ${PLACEHOLDER_OWNER}; pass --owner group:default/<your-team>`,
    );
  }
  if (!summary) {
    notes.push(
      'no model description found: write metadata.description and spec.modelCard.summary',
    );
  }

  return {
    entity: {
      apiVersion: ML_API_VERSION,
      kind: MODEL_KIND,
      metadata: {
        name,
        ...(title.text && title.text !== name && { title: title.text }),
        ...(summary && { description: firstSentence(summary) }),
        ...(tags.length > 0 && { tags }),
        ...(Object.keys(annotations).length > 0 && { annotations }),
      },
      spec: {
        owner,
        lifecycle: 'experimental',
        ...spec,
        ...(Object.keys(modelCard).length > 0 && {
          modelCard: modelCard as ModelCard,
        }),
      },
    },
    notes,
  };
}

/** Tags rewritten to Backstage's rules; what changed or could not be kept goes to notes. */
function tagsOf(raw: unknown[], notes: string[]): string[] {
  const tags: string[] = [];
  const rewritten: string[] = [];
  const dropped: unknown[] = [];
  for (const value of raw) {
    const tag =
      typeof value === 'string' || typeof value === 'number'
        ? toTag(String(value))
        : undefined;
    if (!tag) dropped.push(value);
    else {
      if (tag !== String(value))
        rewritten.push(`${JSON.stringify(value)} -> ${tag}`);
      if (!tags.includes(tag)) tags.push(tag);
    }
  }
  if (rewritten.length > 0)
    notes.push(
      `tags rewritten to Backstage's tag rules: ${rewritten.join(', ')}`,
    );
  if (dropped.length > 0)
    notes.push(`tags dropped (a tag must be ${TAG_RULE}): ${quoted(dropped)}`);
  return tags;
}

/** model-index results → spec.evaluation; non-numeric values and unused fields go to notes. */
function evaluationOf(modelIndex: unknown, notes: string[]) {
  const results: ModelEvaluation[] = [];
  const taskTypes: string[] = [];
  const unused = new Set<string>();
  const skipped: string[] = [];
  let firstName: string | undefined;
  if (modelIndex !== undefined && !Array.isArray(modelIndex)) {
    notes.push('model-index is not a list; not imported');
    return { results, taskTypes, firstName };
  }
  const noteUnused = (prefix: string, value: unknown, used: string[]) => {
    if (isObject(value))
      Object.keys(value)
        .filter(k => !used.includes(k))
        .forEach(k => unused.add(`${prefix}${k}`));
  };
  for (const entry of modelIndex ?? []) {
    if (!isObject(entry)) continue;
    firstName ??= text(entry.name);
    noteUnused('model-index[].', entry, ['name', 'results']);
    for (const result of listOf(entry.results)) {
      if (!isObject(result)) continue;
      noteUnused('results[].', result, ['task', 'dataset', 'metrics']);
      const task = isObject(result.task) ? result.task : {};
      if (text(task.type) && !taskTypes.includes(task.type))
        taskTypes.push(task.type);
      noteUnused('task.', task, ['type']);
      const dataset = isObject(result.dataset) ? result.dataset : {};
      const datasetName = text(dataset.name) ?? text(dataset.type);
      const split = text(dataset.split);
      noteUnused('dataset.', dataset, [
        text(dataset.name) ? 'name' : 'type',
        'split',
      ]);
      for (const metric of listOf(result.metrics)) {
        if (!isObject(metric)) continue;
        const metricName = text(metric.type) ?? text(metric.name);
        noteUnused('metrics[].', metric, [
          text(metric.type) ? 'type' : 'name',
          'value',
        ]);
        const value = toNumber(metric.value);
        if (!metricName || value === undefined) {
          skipped.push(
            `${
              metricName ?? 'a metric without type or name'
            } = ${JSON.stringify(metric.value)}${
              datasetName ? ` on ${datasetName}` : ''
            }`,
          );
          continue;
        }
        results.push({
          metric: metricName,
          value,
          ...(datasetName && { dataset: datasetName }),
          ...(split && { split }),
        });
      }
    }
  }
  if (skipped.length > 0) {
    notes.push(
      `model-index results without a numeric value were not imported: ${skipped.join(
        '; ',
      )}`,
    );
  }
  if (unused.size > 0) {
    notes.push(
      `model-index fields with no place in spec.evaluation, not imported: ${[
        ...unused,
      ].join(', ')}`,
    );
  }
  return { results, taskTypes, firstName };
}

function toNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (
    typeof value === 'string' &&
    /^\s*-?\d+(\.\d+)?([eE][-+]?\d+)?\s*$/.test(value)
  )
    return Number(value);
  return undefined;
}

/**
 * The card's title: the first `#` heading (without "Model card for", and not a
 * template leftover), else `model_name` without its organisation.
 */
function titleOf(
  card: HfCard,
  header: Record<string, unknown>,
): { text?: string; line?: number } {
  const h1 = card.sections.find(s => s.level === 1);
  const heading = h1
    ? plainText(h1.heading)
        .replace(/^model card (for|of)\s+/i, '')
        .trim()
    : '';
  const fromHeading = heading && !heading.includes('{{') ? heading : undefined;
  return {
    text: fromHeading ?? text(header.model_name)?.split('/').pop(),
    line: h1?.line,
  };
}

function nameOf(
  options: ImportOptions,
  header: Record<string, unknown>,
  title: string | undefined,
  modelIndexName: string | undefined,
  notes: string[],
): string {
  if (options.name) return options.name;
  const candidates: Array<[string, string | undefined]> = [
    ['model_name', text(header.model_name)?.split('/').pop()],
    ['# title', title],
    ['model-index name', modelIndexName?.split('/').pop()],
  ];
  for (const [source, candidate] of candidates) {
    const name = candidate && toEntityName(candidate);
    if (name) {
      notes.push(
        `metadata.name "${name}" made from the card's ${source}; pass --name to choose another`,
      );
      return name;
    }
  }
  throw new CliError(
    `${options.file} has no model_name, "# title" or model-index name to make an entity name of; pass --name`,
  );
}

/**
 * Fills modelCard from the sections. The text under the title (before the first
 * `##`) stands in for the summary when no description section has one, which is
 * how Trainer-generated cards describe the model.
 */
function mapSections(
  sections: ReadonlyArray<CardSection>,
  titleLine: number | undefined,
  modelCard: Record<string, unknown>,
  notes: string[],
) {
  const notImported: string[] = [];
  const intro: MarkdownBlock[] = [];
  const describe = (s: CardSection) => `"${s.heading}" (line ${s.line})`;
  let introLabel = '';

  for (const section of sections) {
    const blocks = markdownBlocks(section.body);
    if (blocks.length === 0) continue;
    if (section.level === 0 || section.line === titleLine) {
      intro.push(...blocks);
      introLabel ||=
        section.level === 0
          ? 'the text before the first heading'
          : `the text under the title (line ${section.line})`;
      continue;
    }
    const rule = SECTION_FIELDS.find(r => r.headings.includes(section.key));
    if (!rule) {
      notImported.push(describe(section));
      continue;
    }
    if (rule.field === 'summary') {
      if (modelCard.summary) {
        notImported.push(`${describe(section)}, a second description`);
        continue;
      }
      const paragraph = blocks.find(b => b.kind === 'paragraph');
      if (paragraph) modelCard.summary = unwrap(paragraph.text);
      const rest = blocks.filter(b => b !== paragraph).length;
      if (rest > 0)
        notImported.push(
          `${describe(section)} beyond its first paragraph (${rest} more block${
            rest === 1 ? '' : 's'
          })`,
        );
    } else if (LIST_FIELDS.has(rule.field)) {
      const items = blocks.flatMap(b =>
        b.kind === 'list'
          ? listItems(b)
          : [b.kind === 'paragraph' ? unwrap(b.text) : b.text],
      );
      const existing = (modelCard[rule.field] as unknown[] | undefined) ?? [];
      modelCard[rule.field] = [
        ...existing,
        ...(rule.field === 'ethicalConsiderations'
          ? items.map(name => ({ name }))
          : items),
      ];
    } else {
      const value = blocks
        .map(b => (rule.field === 'citation' ? unfence(b.text) : b.text))
        .join('\n\n');
      modelCard[rule.field] = modelCard[rule.field]
        ? `${modelCard[rule.field]}\n\n${value}`
        : value;
    }
  }

  if (intro.length > 0) {
    const paragraph = !modelCard.summary
      ? intro.find(b => b.kind === 'paragraph')
      : undefined;
    if (paragraph) modelCard.summary = unwrap(paragraph.text);
    const rest = intro.filter(b => b !== paragraph).length;
    if (rest > 0) {
      notImported.unshift(
        `${introLabel}${
          paragraph ? ' beyond its first paragraph' : ''
        } (${rest} block${rest === 1 ? '' : 's'})`,
      );
    }
  }
  if (notImported.length > 0) {
    notes.push(
      `sections with no model-card field, not imported:${notImported
        .map(s => `\n      ${s}`)
        .join('')}`,
    );
  }
}
