import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';

/**
 * A full entity ref from a request, lower-cased as the backend's tables hold
 * refs (the catalog compares refs ignoring case).
 */
export function requestedEntityRef(ref: string): string {
  try {
    return stringifyEntityRef(parseEntityRef(ref)).toLocaleLowerCase('en-US');
  } catch {
    throw new InputError(
      `entityRef must be a full entity ref like "model:default/churn-model", got ${JSON.stringify(
        ref,
      )}`,
    );
  }
}

/** An entity's ref as the backend's tables hold it: lower case. */
export function entityRefOf(entity: Entity): string {
  return stringifyEntityRef(entity).toLocaleLowerCase('en-US');
}
