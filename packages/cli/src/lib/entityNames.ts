import {
  KubernetesValidatorFunctions,
  makeValidator,
} from '@backstage/catalog-model';

const validators = makeValidator();

export const NAME_RULE =
  '1-63 characters of letters, digits, "-", "_" or ".", starting and ending with a letter or digit';
export const NAMESPACE_RULE =
  '1-63 lowercase letters, digits or "-", starting and ending with a letter or digit';
export const TAG_RULE =
  'lowercase letters, digits, ":", "+" or "#" in words joined by single "-", at most 63 characters';

export const isValidName = (value: unknown) =>
  KubernetesValidatorFunctions.isValidObjectName(value);
export const isValidTag = (value: unknown) => validators.isValidTag(value);

/**
 * The closest valid tag to `raw` (`Text Classification` → `text-classification`),
 * or undefined when nothing valid is left or it would exceed 63 characters.
 */
export function toTag(raw: string): string | undefined {
  const tag = raw
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9:+#]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return isValidTag(tag) ? tag : undefined;
}

/**
 * A valid entity name made from free text such as a model-card title
 * (`DistilBERT base (IMDb)` → `distilbert-base-imdb`), or undefined if none is left.
 */
export function toEntityName(raw: string): string | undefined {
  const name = raw
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, 63)
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return isValidName(name) ? name : undefined;
}
