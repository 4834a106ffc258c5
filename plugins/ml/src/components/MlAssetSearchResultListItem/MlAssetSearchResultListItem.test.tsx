import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import type { MlAssetDocument } from '@ml-marketplace/plugin-ml-common';
import { MlAssetSearchResultListItem } from './MlAssetSearchResultListItem';

const churn: MlAssetDocument = {
  title: 'Churn prediction',
  text: 'Predicts which customers will leave within 30 days. \n churn-model \n tabular',
  description: 'Predicts which customers will leave within 30 days.',
  location: '/catalog/default/model/churn-model',
  kind: 'Model',
  lifecycle: 'production',
  owner: 'group:default/churn-team',
  ownerTitle: 'Churn team',
  certification: 'silver',
  health: 'warn',
  tags: ['tabular'],
  task: 'binary-classification',
  consumers: 2,
  authorization: { resourceRef: 'model:default/churn-model' },
};

describe('MlAssetSearchResultListItem', () => {
  it('links the title to the entity page and shows kind, owner title, certification and health', async () => {
    await renderInTestApp(
      <MlAssetSearchResultListItem result={churn} rank={1} />,
    );
    expect(
      screen.getByRole('link', { name: 'Churn prediction' }),
    ).toHaveAttribute('href', '/catalog/default/model/churn-model');
    expect(screen.getByLabelText('Kind: Model')).toHaveTextContent('Model');
    expect(screen.getByText('Owner: Churn team')).toBeInTheDocument();
    // Never the raw ref.
    expect(screen.queryByText(/group:default/)).not.toBeInTheDocument();
    expect(screen.getByLabelText('Certified silver')).toHaveTextContent(
      'silver',
    );
    expect(screen.getByLabelText('Health: Warnings')).toHaveTextContent(
      'Warnings',
    );
    expect(screen.getByText('binary-classification')).toBeInTheDocument();
    expect(screen.getByText('production')).toBeInTheDocument();
    expect(screen.getByText('2 consumers')).toBeInTheDocument();
    // The description, not the words only the search needs.
    expect(
      screen.getByText('Predicts which customers will leave within 30 days.'),
    ).toBeInTheDocument();
    expect(screen.queryByText(/tabular/)).not.toBeInTheDocument();
  });

  it('shows the searched text of an asset without a description', async () => {
    const undescribed: MlAssetDocument = {
      ...churn,
      description: undefined,
      text: 'churn-model \n tabular',
    };
    await renderInTestApp(<MlAssetSearchResultListItem result={undescribed} />);
    expect(screen.getByText(/churn-model/)).toHaveTextContent(
      'churn-model tabular',
    );
  });

  it('marks a deprecated asset, and shows no badge it has not earned', async () => {
    const deprecated: MlAssetDocument = {
      ...churn,
      lifecycle: 'deprecated',
      certification: undefined,
      health: undefined,
      consumers: 1,
    };
    await renderInTestApp(<MlAssetSearchResultListItem result={deprecated} />);
    expect(screen.getByText('Deprecated')).toBeInTheDocument();
    expect(screen.queryByText('deprecated')).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/^Certified/)).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/^Health:/)).not.toBeInTheDocument();
    expect(screen.getByText('1 consumer')).toBeInTheDocument();
  });

  it('highlights the matched words of the title and description', async () => {
    await renderInTestApp(
      <MlAssetSearchResultListItem
        result={churn}
        highlight={{
          preTag: '<em>',
          postTag: '</em>',
          fields: {
            title: '<em>Churn</em> prediction',
            text: 'Predicts which <em>customers</em> will leave. churn-model',
            description: 'Predicts which <em>customers</em> will leave.',
          },
        }}
      />,
    );
    const link = screen.getByRole('link', { name: 'Churn prediction' });
    expect(within(link).getByText('Churn').tagName).toBe('MARK');
    expect(screen.getByText('customers').tagName).toBe('MARK');
  });

  it('shows the icon it is given, also one computed from the result', async () => {
    await renderInTestApp(
      <MlAssetSearchResultListItem
        result={churn}
        icon={result => <span>icon of {result.title}</span>}
      />,
    );
    expect(screen.getByText('icon of Churn prediction')).toBeInTheDocument();
  });

  it('renders nothing without a result', async () => {
    const { container } = await renderInTestApp(
      <MlAssetSearchResultListItem />,
    );
    expect(
      container.querySelector('[data-testid="ml-asset-search-result"]'),
    ).toBeNull();
  });
});
