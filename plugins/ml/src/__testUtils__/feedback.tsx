/**
 * Fixtures of the feedback card's tests: an ML asset, reviews, requests, the
 * feedback the backend answers, its refusals, and the card rendered over a
 * mocked ml API.
 */
import { Entity } from '@backstage/catalog-model';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import type {
  AssetFeedback,
  ImprovementRequest,
  Review,
} from '@ml-marketplace/plugin-ml-common';
import { screen } from '@testing-library/react';
import { mlApiRef } from '../api';
import { EntityFeedbackCard } from '../components/EntityFeedbackCard';

export const ref = 'model:default/churn-model';

export const entity: Entity = {
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'churn-model', namespace: 'default', title: 'Churn model' },
  spec: { owner: 'group:default/growth-ml', lifecycle: 'production' },
};

export function review(by: string, over: Partial<Review> = {}): Review {
  return {
    entityRef: ref,
    by: `user:default/${by}`,
    rating: 4,
    text: `Review by ${by}`,
    createdAt: '2025-03-01T10:00:00.000Z',
    updatedAt: '2025-03-01T10:00:00.000Z',
    ...over,
  };
}

export function request(
  id: string,
  over: Partial<ImprovementRequest> = {},
): ImprovementRequest {
  return {
    id,
    entityRef: ref,
    by: 'user:default/ana',
    what: `Request ${id}`,
    why: 'We need it for the Q3 launch',
    urgency: 'normal',
    status: 'open',
    createdAt: '2025-03-02T10:00:00.000Z',
    updatedAt: '2025-03-02T10:00:00.000Z',
    ...over,
  };
}

export function feedback(over: Partial<AssetFeedback> = {}): AssetFeedback {
  return {
    entityRef: ref,
    summary: { count: 0, distribution: [0, 0, 0, 0, 0] },
    reviews: [],
    requests: [],
    canRespond: false,
    canGiveFeedback: true,
    ...over,
  };
}

/** A 400 as the client rejects it: Backstage's error JSON read by `ResponseError.fromResponse`. */
export function inputError(message: string) {
  const body = {
    error: { name: 'InputError', message },
    response: { statusCode: 400 },
  };
  return ResponseError.fromResponse({
    ok: false,
    status: 400,
    statusText: 'Bad Request',
    url: 'http://localhost/api/ml/feedback',
    headers: new Headers({ 'content-type': 'application/json' }),
    json: async () => body,
    text: async () => JSON.stringify(body),
  } as unknown as Response);
}

export function mockMlApi(first: AssetFeedback | Promise<AssetFeedback>) {
  return {
    getFeedback: jest.fn(() => Promise.resolve(first)),
    saveReview: jest.fn(),
    deleteReview: jest.fn(),
    replyToReview: jest.fn(),
    fileImprovementRequest: jest.fn(),
    setImprovementStatus: jest.fn(),
  };
}
export type MockMlApi = ReturnType<typeof mockMlApi>;

export async function renderCard(
  ml: MockMlApi,
  options: { entity?: Entity } = {},
) {
  await renderInTestApp(
    <TestApiProvider apis={[[mlApiRef, ml]]}>
      <EntityProvider entity={options.entity ?? entity}>
        <EntityFeedbackCard />
      </EntityProvider>
    </TestApiProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

export async function render(value: AssetFeedback) {
  const ml = mockMlApi(value);
  await renderCard(ml);
  await screen.findByRole('heading', { name: 'Your review' });
  return ml;
}
