import {
  ScmIntegrationsApi,
  scmIntegrationsApiRef,
  ScmAuth,
} from '@backstage/integration-react';
import {
  AnyApiFactory,
  configApiRef,
  createApiFactory,
  discoveryApiRef,
} from '@backstage/core-plugin-api';
import {
  DemoReviewerAuth,
  demoOwnerAuthApiRef,
  demoReviewerAuthApiRef,
} from './demoReviewerAuth';
import {
  ALL_RELATION_PAIRS,
  ALL_RELATIONS,
  DefaultCatalogGraphApi,
  catalogGraphApiRef,
} from '@backstage/plugin-catalog-graph';
import {
  ML_RELATION_PAIRS,
  ML_RELATIONS,
} from '@ml-marketplace/plugin-ml-common';

export const apis: AnyApiFactory[] = [
  createApiFactory({
    api: scmIntegrationsApiRef,
    deps: { configApi: configApiRef },
    factory: ({ configApi }) => ScmIntegrationsApi.fromConfig(configApi),
  }),
  ScmAuth.createDefaultApiFactory(),
  createApiFactory({
    api: demoReviewerAuthApiRef,
    deps: { discoveryApi: discoveryApiRef },
    factory: ({ discoveryApi }) => new DemoReviewerAuth(discoveryApi),
  }),
  createApiFactory({
    api: demoOwnerAuthApiRef,
    deps: { discoveryApi: discoveryApiRef },
    factory: ({ discoveryApi }) =>
      new DemoReviewerAuth(discoveryApi, 'demo-owner'),
  }),
  // Teach the catalog graph our lineage relations so it draws, labels and
  // filters trainedOn, consumesFeature and derivedFrom like the built-in ones.
  createApiFactory({
    api: catalogGraphApiRef,
    deps: {},
    factory: () =>
      new DefaultCatalogGraphApi({
        knownRelations: [...ALL_RELATIONS, ...ML_RELATIONS],
        knownRelationPairs: [
          ...ALL_RELATION_PAIRS,
          ...ML_RELATION_PAIRS.map(([a, b]) => [a, b] as [string, string]),
        ],
        // Optional in the type but read unconditionally by the constructor.
        defaultRelationTypes: { exclude: [] },
      }),
  }),
];
