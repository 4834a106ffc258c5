import {
  ML_API_VERSION,
  MODEL_KIND,
  type ModelCard,
} from '@ml-marketplace/plugin-ml-common';
import { TAG_RULE, toEntityName, toTag } from './entityNames';
import type { HfCard } from './hfCard';
import { evaluationOf } from './hfEvaluation';
import { SECTION_FIELDS, mapSections } from './hfSections';
import { CliError } from './io';
import { firstSentence, plainText } from './markdownText';

export const HF_ANNOTATION_PREFIX = 'ml-marketplace.io/hf-';
export const HF_DATASETS_ANNOTATION = `${HF_ANNOTATION_PREFIX}datasets`;
export const PLACEHOLDER_OWNER = 'group:default/CHANGE-ME';
/**
 * The most of one header value kept as an annotation. Annotations travel with
 * every read of the entity; a `widget` block of example inputs can run to
 * kilobytes and only serves the Hugging Face page, which keeps it anyway.
 */
export const MAX_ANNOTATION_CHARS = 500;

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
  /** The folder a `README.md` card is in: a Hugging Face repository is named after it. */
  folder?: string;
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
  /** What the owner must not miss: the card's own warnings, and whatever was dropped. */
  warnings: string[];
}

/** `12.3 KB`, `480 characters` */
const sizeOf = (chars: number) =>
  chars < 1024 ? `${chars} characters` : `${(chars / 1024).toFixed(1)} KB`;

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
  const warnings = [...card.warnings];
  const annotations: Record<string, string> = {};
  const spec: Record<string, unknown> = {};
  const modelCard: Record<string, unknown> = {};

  const keep = (key: string, value: unknown, why: string) => {
    const annotation = hfAnnotationKey(key);
    const serialized = typeof value === 'string' ? value : jsonOf(value);
    if (serialized === undefined || serialized.length > MAX_ANNOTATION_CHARS) {
      warnings.push(
        `header key "${key}" ${why}, and ${
          serialized === undefined
            ? 'refers to itself'
            : `holds ${sizeOf(serialized.length)}`
        }: not imported (an annotation holds at most ${MAX_ANNOTATION_CHARS} characters; the card keeps it)`,
      );
      return;
    }
    annotations[annotation] = serialized;
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
    warnings,
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

/** JSON of a header value, or undefined for one that YAML aliases made refer to itself. */
function jsonOf(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

const SECTION_HEADINGS = new Set(SECTION_FIELDS.flatMap(r => r.headings));

/**
 * The card's title: the first `#` heading (without "Model card for", and not a
 * template leftover), else `model_name` without its organisation. A card
 * without `#` headings may use a smaller one for its title: the first heading
 * counts when it is not a known section such as "Intended uses".
 */
function titleOf(
  card: HfCard,
  header: Record<string, unknown>,
): { text?: string; line?: number } {
  const first = card.sections.find(s => s.level > 0);
  const h1 =
    card.sections.find(s => s.level === 1) ??
    (first && !SECTION_HEADINGS.has(first.key) ? first : undefined);
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
    ['folder name', options.folder],
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
    `${options.file} has no model_name, "# title"${
      options.folder
        ? ', model-index name or folder name with a letter or digit'
        : ' or model-index name'
    } to make an entity name of; pass --name`,
  );
}
