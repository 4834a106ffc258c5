import { z } from 'zod';
import { text, textList } from './shared';

/**
 * The model card vocabulary. It covers the Hugging Face model-card header and
 * sections and the Google Model Card Toolkit's considerations, so cards can be
 * imported from either and rendered as one document.
 */
export const ethicalConsiderationSchema = z.strictObject({
  name: text('the risk, e.g. "Under-represents customers under 25"'),
  mitigation: text('what was done about it').optional(),
});

export const modelCardSchema = z
  .strictObject({
    summary: text('a short description of what the model does').optional(),
    intendedUse: text('what the model is for and who should use it').optional(),
    outOfScopeUses: textList('uses the model must not be put to').optional(),
    users: textList('intended users, e.g. "retention analysts"').optional(),
    useCases: textList('intended use cases').optional(),
    limitations: textList('known limitations').optional(),
    tradeoffs: textList('performance trade-offs made').optional(),
    ethicalConsiderations: z
      .array(ethicalConsiderationSchema, {
        error: 'must be a list of { name, mitigation } entries',
      })
      .optional(),
    trainingData: text(
      'how the training data was collected and prepared',
    ).optional(),
    evaluationData: text('which data the evaluation used and why').optional(),
    quantitativeAnalysis: text(
      'how performance was analysed, including across slices',
    ).optional(),
    caveats: textList('further caveats and recommendations').optional(),
    languages: textList(
      'natural languages the model handles, e.g. "en"',
    ).optional(),
    references: textList('papers, docs or links about the model').optional(),
    citation: text('how to cite the model').optional(),
  })
  .meta({
    description:
      'Model card: intended use, limitations, ethics, evaluation data',
  });

export type ModelCard = z.infer<typeof modelCardSchema>;
