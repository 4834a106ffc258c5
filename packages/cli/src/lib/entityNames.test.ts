import { toEntityName, toTag } from './entityNames';

describe('entity names and tags', () => {
  it.each([
    ['Text Classification', 'text-classification'],
    ['generated_from_trainer', 'generated-from-trainer'],
    ['arxiv:1910.01108', 'arxiv:1910-01108'],
    ['C++', 'c++'],
    ['🤗 Transformers', 'transformers'],
  ])('turns the tag %j into %j', (raw, tag) => {
    expect(toTag(raw)).toBe(tag);
  });

  it('gives up on a tag with nothing valid left or over 63 characters', () => {
    expect(toTag('🔥')).toBeUndefined();
    expect(toTag('x'.repeat(64))).toBeUndefined();
  });

  it.each([
    ['DistilBERT base (IMDb)', 'distilbert-base-imdb'],
    ['bert_base.v2', 'bert_base.v2'],
    ['--Weird--Name--', 'weird-name'],
    ['a'.repeat(70), 'a'.repeat(63)],
  ])('makes the entity name %j into %j', (raw, name) => {
    expect(toEntityName(raw)).toBe(name);
  });

  it('returns nothing when no letter or digit is left', () => {
    expect(toEntityName('🤗')).toBeUndefined();
  });
});
