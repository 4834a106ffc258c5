/**
 * Fixtures of the usage card's tests: an ML asset, its uses, the usage the
 * backend answers, the signed-in user's teams' entities in the catalog, and
 * the card rendered over mocked APIs.
 */
import { Entity } from '@backstage/catalog-model';
import { identityApiRef } from '@backstage/core-plugin-api';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  EntityProvider,
  catalogApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import type { AssetUsage, AssetUse } from '@ml-marketplace/plugin-ml-common';
import { mlApiRef } from '../api';
import { EntityUsageCard } from '../components/EntityUsageCard';

export const ref = 'model:default/churn-model';

export const entity: Entity = {
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'churn-model', namespace: 'default', title: 'Churn model' },
  spec: { owner: 'group:default/growth-ml', lifecycle: 'production' },
};

export function use(consumer: string, over: Partial<AssetUse> = {}): AssetUse {
  const [kind, rest] = consumer.split(':');
  return {
    consumer,
    kind,
    title: rest.split('/')[1],
    origin: 'catalog',
    ...over,
  };
}

export function usage(over: Partial<AssetUsage> = {}): AssetUsage {
  return {
    entityRef: ref,
    uses: [],
    teams: [],
    canDeclare: true,
    ...over,
  };
}

/** A refusal as the client rejects it: Backstage's error JSON read by `ResponseError.fromResponse`. */
export function refusal(
  status: 400 | 403 | 404,
  name: string,
  message: string,
) {
  const body = { error: { name, message }, response: { statusCode: status } };
  return ResponseError.fromResponse({
    ok: false,
    status,
    statusText: 'Refused',
    url: 'http://localhost/api/ml/usage',
    headers: new Headers({ 'content-type': 'application/json' }),
    json: async () => body,
    text: async () => JSON.stringify(body),
  } as unknown as Response);
}

export function mockMlApi(first: AssetUsage | Promise<AssetUsage>) {
  return {
    getUsage: jest.fn(() => Promise.resolve(first)),
    declareUse: jest.fn(),
    withdrawUse: jest.fn(),
  };
}
export type MockMlApi = ReturnType<typeof mockMlApi>;

/** Entities as the catalog answers them, with only the fields the card asks for. */
export const owned = (...refs: Array<[string, string?]>) =>
  refs.map(([r, title]) => {
    const [kind, rest] = r.split(':');
    const [namespace, name] = rest.split('/');
    return {
      kind: kind.charAt(0).toUpperCase() + kind.slice(1),
      metadata: { name, namespace, ...(title && { title }) },
    };
  });

export function mockCatalog(items: unknown[] = []) {
  return { getEntities: jest.fn().mockResolvedValue({ items }) };
}

export function mockIdentity(
  ownershipEntityRefs = ['user:default/me', 'group:default/checkout-team'],
) {
  return {
    getBackstageIdentity: jest.fn().mockResolvedValue({
      type: 'user',
      userEntityRef: 'user:default/me',
      ownershipEntityRefs,
    }),
    getProfileInfo: jest.fn(),
    getCredentials: jest.fn(),
    signOut: jest.fn(),
  };
}

export async function renderCard(
  ml: MockMlApi,
  options: {
    entity?: Entity;
    catalog?: ReturnType<typeof mockCatalog>;
    identity?: ReturnType<typeof mockIdentity>;
  } = {},
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [mlApiRef, ml],
        [catalogApiRef, options.catalog ?? mockCatalog()],
        [identityApiRef, options.identity ?? mockIdentity()],
      ]}
    >
      <EntityProvider entity={options.entity ?? entity}>
        <EntityUsageCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}
