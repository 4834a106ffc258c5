import { ConfigReader } from '@backstage/config';
import { readSynonyms } from './synonymsConfig';

const read = (synonyms: any) =>
  readSynonyms(new ConfigReader({ ml: { marketplace: { synonyms } } }));

describe('ml.marketplace.synonyms', () => {
  it('reads groups of words and phrases', () => {
    expect(read([['gmv', ' gross merchandise value ']])).toEqual([
      ['gmv', 'gross merchandise value'],
    ]);
    expect(readSynonyms(new ConfigReader({}))).toEqual([]);
  });

  it('names the group and the fix when one is wrong', () => {
    expect(() => read([['gmv', 'gross merchandise value'], ['alone']])).toThrow(
      'ml.marketplace.synonyms[1] must list at least two words or phrases that mean the same, e.g. [["gmv", "gross merchandise value"]]; got ["alone"]',
    );
    expect(() => read('gmv')).toThrow(
      'ml.marketplace.synonyms must be a list of groups of words that mean the same',
    );
  });
});
