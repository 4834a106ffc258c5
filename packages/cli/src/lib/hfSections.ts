import type { CardSection } from './hfCard';
import {
  listItems,
  markdownBlocks,
  unfence,
  unwrap,
  type MarkdownBlock,
} from './markdownText';

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
export const SECTION_FIELDS: Array<{
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
      // Older and hand-written cards.
      'bias',
      'biases',
      'risks',
      'bias and risks',
      'risks and biases',
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
    headings: [
      'results',
      'evaluation results',
      'metrics',
      'factors',
      'evaluation',
      'model evaluation',
      'performance',
    ],
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

/**
 * Fills modelCard from the sections. The text under the title (before the first
 * `##`) stands in for the summary when no description section has one, which is
 * how Trainer-generated cards describe the model.
 */
export function mapSections(
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
