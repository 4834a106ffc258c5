/**
 * The refs an entity's spec declares, as the signed-in user may know them.
 * An asset the user may not see is counted ("1 upstream asset not visible to
 * you"), never named and never called missing: only the backend can tell it
 * from a ref to nothing, so cards ask it instead of printing the spec.
 */
import { Fragment, ReactNode } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { EntityRefLinks } from '@backstage/plugin-catalog-react';
import type {
  DeclaredReference,
  EntityReferences,
} from '@ml-marketplace/plugin-ml-common';
import useAsync from 'react-use/esm/useAsync';
import { mlApiRef } from '../../api';
import { describeError } from './entityCardFormat';

/**
 * The entity's declared refs; undefined while loading (or without an entity
 * ref: nothing is asked), the error when they could not be read.
 */
export function useEntityReferences(
  entityRef: string | undefined,
): EntityReferences | Error | undefined {
  const mlApi = useApi(mlApiRef);
  const { value, error } = useAsync(
    async () => (entityRef ? mlApi.getReferences(entityRef) : undefined),
    [mlApi, entityRef],
  );
  return error ?? value;
}

/** The references one spec field declares (`trainedOn` for `spec.trainedOn[0]`, …), in spec order. */
export function referencesAt(
  references: EntityReferences,
  field: string,
): DeclaredReference[] {
  const path = `spec.${field}`;
  return references.references.filter(
    r => r.field === path || r.field.startsWith(`${path}[`),
  );
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** `1 upstream asset is not visible to you`, `2 … are …`. */
export function notVisibleSentence(n: number, noun = 'upstream asset') {
  return `${plural(n, noun)} ${n === 1 ? 'is' : 'are'} not visible to you`;
}

export interface DeclaredRefLinksProps {
  /** From {@link useEntityReferences}. */
  references: EntityReferences | Error | undefined;
  /** The spec field, e.g. `trainedOn`. */
  field: string;
  /** How many refs the spec lists there, for the loading and error states. */
  declared: number;
  /** What a hidden ref is called; `upstream asset` by default. */
  noun?: string;
}

/**
 * Links to the refs of one spec field the user may see, then how many they
 * may not see, then the refs to nothing ("not in the catalog"). Nothing is
 * named before the backend has said what the user may see.
 */
export function DeclaredRefLinks(props: DeclaredRefLinksProps) {
  const { references, field, declared, noun = 'upstream asset' } = props;
  if (references === undefined) {
    return (
      <span aria-busy="true">
        {plural(declared, 'reference')}, checking which you may see…
      </span>
    );
  }
  if (references instanceof Error) {
    return (
      <span role="alert">
        {plural(declared, 'reference')}; could not check which you may see:{' '}
        {describeError(references)}
      </span>
    );
  }
  const items = referencesAt(references, field);
  const visible: string[] = [];
  const missing: string[] = [];
  let hidden = 0;
  for (const item of items) {
    if (item.status === 'hidden') hidden++;
    else (item.status === 'visible' ? visible : missing).push(item.ref);
  }
  const parts: Array<[string, ReactNode]> = [];
  if (visible.length) {
    parts.push(['visible', <EntityRefLinks entityRefs={visible} />]);
  }
  if (hidden) {
    parts.push([
      'hidden',
      <span data-testid="ml-refs-hidden">
        {plural(hidden, noun)} not visible to you
      </span>,
    ]);
  }
  if (missing.length) {
    parts.push([
      'missing',
      <span data-testid="ml-refs-missing">
        not in the catalog: {missing.join(', ')}
      </span>,
    ]);
  }
  if (!parts.length) return <em>none</em>;
  return (
    <>
      {parts.map(([key, part], i) => (
        <Fragment key={key}>
          {i > 0 && '; '}
          {part}
        </Fragment>
      ))}
    </>
  );
}
