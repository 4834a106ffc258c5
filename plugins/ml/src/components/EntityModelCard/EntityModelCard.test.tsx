import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import { mlApiRef } from '../../api';
import { referencesOf } from '../../__testUtils__/references';
import { EntityModelCard } from './EntityModelCard';

const render = (
  entity: Entity,
  visibility: { hidden?: string[]; missing?: string[] } = {},
) =>
  renderInTestApp(
    <TestApiProvider
      apis={[
        [
          mlApiRef,
          { getReferences: async () => referencesOf(entity, visibility) },
        ],
      ]}
    >
      <EntityProvider entity={entity}>
        <EntityModelCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );

const model = (
  spec: Record<string, unknown>,
  metadata: Record<string, unknown> = {},
): Entity => ({
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'churn-model', namespace: 'default', ...metadata },
  spec: { owner: 'group:default/growth-ml', lifecycle: 'production', ...spec },
});

const fullCard = model(
  {
    task: 'binary-classification',
    framework: 'scikit-learn',
    license: 'proprietary',
    trainedOn: ['churn-labels'],
    evaluation: [
      { metric: 'auc', value: 0.91, threshold: 0.85, split: 'test' },
      { metric: 'auc', value: 0.78, slice: 'tenure<90d', threshold: 0.8 },
      { metric: 'mape', value: 0.18, threshold: 0.25, higherIsBetter: false },
    ],
    modelCard: {
      summary: 'Gradient-boosted trees over engagement features.',
      intendedUse: 'Rank customers by churn risk for save offers.',
      outOfScopeUses: ['Credit or pricing decisions'],
      users: ['Retention analysts'],
      useCases: ['Weekly save-offer targeting'],
      limitations: ['New customers score poorly'],
      tradeoffs: ['Recall in the top decile over precision'],
      ethicalConsiderations: [
        {
          name: 'Small countries are under-represented',
          mitigation: 'Per-country AUC is monitored',
        },
        { name: 'Proxies for protected attributes' },
      ],
      trainingData: '24 months of churn labels.',
      evaluationData: 'The most recent 3 months, held out by time.',
      quantitativeAnalysis: 'AUC overall and by tenure band.',
      caveats: ['Retrain when the plan catalogue changes'],
      references: ['https://wiki.example.com/churn'],
    },
  },
  { description: 'Predicts the probability that a customer cancels.' },
);

describe('EntityModelCard', () => {
  it('renders a full card as a document with every declared section', async () => {
    await render(fullCard);

    expect(
      screen.getByText('Predicts the probability that a customer cancels.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Gradient-boosted trees over engagement features.'),
    ).toBeInTheDocument();
    for (const heading of [
      'Intended use',
      'Use cases',
      'Users',
      'Out-of-scope uses',
      'Limitations',
      'Trade-offs',
      'Ethical considerations',
      'Training data',
      'Evaluation data',
      'Metrics',
      'Caveats and recommendations',
      'References',
    ]) {
      expect(
        screen.getByRole('heading', { name: heading }),
      ).toBeInTheDocument();
    }
    expect(
      screen.getByText('Rank customers by churn risk for save offers.'),
    ).toBeInTheDocument();
    expect(screen.getByText('Credit or pricing decisions')).toBeInTheDocument();
    expect(screen.getByText('New customers score poorly')).toBeInTheDocument();

    // Each consideration with its mitigation, and a visible gap where none is recorded.
    expect(
      screen.getByText('Small countries are under-represented'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Mitigation: Per-country AUC is monitored'),
    ).toBeInTheDocument();
    expect(screen.getByText('No mitigation recorded')).toBeInTheDocument();

    // Training datasets link to their catalog pages.
    expect(
      await screen.findByRole('link', { name: 'churn-labels' }),
    ).toHaveAttribute('href', '/catalog/default/dataset/churn-labels');
    expect(
      screen.getByRole('link', { name: /https:\/\/wiki\.example\.com\/churn/ }),
    ).toHaveAttribute('href', 'https://wiki.example.com/churn');

    // Sections that are not declared are not rendered.
    expect(
      screen.queryByRole('heading', { name: 'Citation' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Languages' }),
    ).not.toBeInTheDocument();

    // Every recommended field is filled: 100%, nothing to suggest.
    expect(
      screen.getByRole('progressbar', { name: 'Card completeness' }),
    ).toHaveAttribute('aria-valuenow', '100');
    expect(
      screen.getByText('100% complete: 15 of 15 recommended fields filled'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Every recommended field is filled.'),
    ).toBeInTheDocument();
  });

  it('shows metrics with their slices and marks thresholds met or missed', async () => {
    await render(fullCard);
    const table = screen.getByRole('table', {
      name: 'Declared evaluation results',
    });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(3);

    expect(within(rows[0]).getByText('overall')).toBeInTheDocument();
    expect(within(rows[0]).getByText('split: test')).toBeInTheDocument();
    expect(within(rows[0]).getByText('≥ 0.85')).toBeInTheDocument();
    expect(within(rows[0]).getByText('✓ met')).toBeInTheDocument();

    expect(within(rows[1]).getByText('tenure<90d')).toBeInTheDocument();
    expect(within(rows[1]).getByText('✗ missed')).toBeInTheDocument();

    // Lower is better: 0.18 under a maximum of 0.25 is met.
    expect(within(rows[2]).getByText('≤ 0.25')).toBeInTheDocument();
    expect(within(rows[2]).getByText('✓ met')).toBeInTheDocument();
  });

  it('counts training data the user may not see, never naming it or calling it missing', async () => {
    await render(
      model({
        trainedOn: ['churn-labels', 'crm-accounts', 'card-transactions'],
        modelCard: { trainingData: 'Labels and raw CRM data.' },
      }),
      {
        hidden: [
          'dataset:default/crm-accounts',
          'dataset:default/card-transactions',
        ],
      },
    );
    const training = screen.getByRole('heading', { name: 'Training data' })
      .parentElement!;
    expect(
      await within(training).findByRole('link', { name: 'churn-labels' }),
    ).toBeInTheDocument();
    expect(training).toHaveTextContent(
      'Datasets: churn-labels; 2 upstream assets not visible to you',
    );
    expect(training).not.toHaveTextContent(/crm-accounts|card-transactions/);
    expect(training).not.toHaveTextContent(/not in the catalog/i);
  });

  it('says which training datasets are not in the catalog at all', async () => {
    await render(model({ trainedOn: ['ghost-data'] }), {
      missing: ['dataset:default/ghost-data'],
    });
    expect(await screen.findByTestId('ml-refs-missing')).toHaveTextContent(
      'not in the catalog: dataset:default/ghost-data',
    );
  });

  it('names no training dataset before the backend says which the user may see', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [mlApiRef, { getReferences: () => new Promise<never>(() => {}) }],
        ]}
      >
        <EntityProvider entity={model({ trainedOn: ['crm-accounts'] })}>
          <EntityModelCard />
        </EntityProvider>
      </TestApiProvider>,
    );
    expect(
      screen.getByText('1 reference, checking which you may see…'),
    ).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent('crm-accounts');
  });

  it('renders a partial card and suggests the missing fields to the owner', async () => {
    await render(
      model({
        task: 'regression',
        modelCard: {
          intendedUse: 'Portfolio-level revenue forecasts.',
          limitations: ['Under-predicts for enterprise plans.'],
        },
      }),
    );

    expect(
      screen.getByRole('heading', { name: 'Intended use' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Limitations' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Ethical considerations' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Metrics' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText('No model card yet')).not.toBeInTheDocument();

    // task (1) + intendedUse (2) + limitations (2) of 21 weight points.
    const progress = screen.getByRole('progressbar', {
      name: 'Card completeness',
    });
    expect(progress).toHaveAttribute('aria-valuenow', '24');
    expect(
      screen.getByText('24% complete: 3 of 15 recommended fields filled'),
    ).toBeInTheDocument();

    const suggestions = screen.getByRole('list', {
      name: 'Suggestions for the owner',
    });
    const items = within(suggestions)
      .getAllByRole('listitem')
      .map(li => li.textContent);
    expect(items).toContain(
      'Add spec.modelCard.ethicalConsiderations: Risks and their mitigations',
    );
    expect(items).toContain(
      'Add metadata.description: One or two sentences on what the model predicts',
    );
    expect(items).not.toContain(
      'Add spec.modelCard.limitations: Known limitations',
    );
    expect(items).toHaveLength(12);
  });

  it('shows an empty state with suggestions and a YAML snippet when there is no model card', async () => {
    await render(model({}, { description: 'Scores new merchants.' }));

    expect(screen.getByText('No model card yet')).toBeInTheDocument();
    // The description is still shown: it is part of the card.
    expect(screen.getByText('Scores new merchants.')).toBeInTheDocument();
    const items = within(
      screen.getByRole('list', { name: 'Suggestions for the owner' }),
    )
      .getAllByRole('listitem')
      .map(li => li.textContent);
    expect(items).toContain(
      'Add spec.modelCard.limitations: Known limitations',
    );
    expect(items).not.toContain(
      'Add metadata.description: One or two sentences on what the model predicts',
    );
    expect(
      screen.getByRole('progressbar', { name: 'Card completeness' }),
    ).toHaveAttribute('aria-valuenow', '10');

    // The snippet is loaded lazily by CodeSnippet.
    const snippet = await screen.findByText(
      (_, element) =>
        element?.tagName === 'CODE' &&
        /modelCard:[\s\S]*intendedUse:[\s\S]*ethicalConsiderations:/.test(
          element.textContent ?? '',
        ),
    );
    expect(snippet).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Intended use' }),
    ).not.toBeInTheDocument();
  });

  it('treats a model card with only empty lists as empty', async () => {
    await render(model({ modelCard: { limitations: [] } }));
    expect(screen.getByText('No model card yet')).toBeInTheDocument();
  });

  it('explains itself on an entity that is not a Model', async () => {
    await render({
      apiVersion: 'ml-marketplace.io/v1alpha1',
      kind: 'Dataset',
      metadata: { name: 'customers' },
      spec: { owner: 'data', lifecycle: 'production' },
    });
    expect(
      screen.getByText(
        'Model cards are written for Model entities; this entity is a Dataset.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });
});
