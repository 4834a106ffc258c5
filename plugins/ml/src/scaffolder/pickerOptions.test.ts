import type { MarketplaceAsset } from '@ml-marketplace/plugin-ml-common';
import { pickerOptions } from './pickerOptions';

const asset = (
  name: string,
  extra: Partial<MarketplaceAsset> = {},
): MarketplaceAsset => ({
  ref: `model:default/${name}`,
  kind: 'model',
  namespace: 'default',
  name,
  tags: [],
  dataSources: [],
  consumers: 0,
  ...extra,
});

describe('pickerOptions', () => {
  const hits = [
    asset('churn-model-v1', {
      title: 'Churn (old)',
      lifecycle: 'deprecated',
      certification: 'bronze',
    }),
    asset('churn-model', {
      title: 'Churn prediction',
      lifecycle: 'production',
      certification: 'gold',
    }),
    asset('untitled'),
  ];

  it('offers titles and leaves deprecated assets out by default', () => {
    expect(pickerOptions(hits)).toEqual([
      {
        ref: 'model:default/churn-model',
        title: 'Churn prediction',
        lifecycle: 'production',
        certification: 'gold',
        deprecated: false,
      },
      { ref: 'model:default/untitled', title: 'untitled', deprecated: false },
    ]);
  });

  it('lists deprecated assets last and marked when the template asks for them', () => {
    const options = pickerOptions(hits, { includeDeprecated: true });
    expect(options.map(o => [o.title, o.deprecated])).toEqual([
      ['Churn prediction', false],
      ['untitled', false],
      ['Churn (old)', true],
    ]);
  });
});
