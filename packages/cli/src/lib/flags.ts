import {
  ML_API_VERSION,
  ML_KINDS,
  MODEL_KIND,
  validateMlEntity,
  type MlKind,
} from '@ml-marketplace/plugin-ml-common';
import { NAME_RULE, isValidName } from './entityNames';
import { CliError } from './io';

/** `--kind model` → `Model`; the catalog ignores the case of kinds, so do we. */
export function kindFlag(value: string): MlKind {
  const kind = ML_KINDS.find(
    k => k.toLocaleLowerCase('en-US') === value.toLocaleLowerCase('en-US'),
  );
  if (!kind) {
    throw new CliError(
      `--kind must be one of ${ML_KINDS.join(', ')}, got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return kind;
}

/** The catalog's rule for metadata.name, checked before anything is written. */
export function nameFlag(value: string): string {
  if (!isValidName(value)) {
    throw new CliError(
      `--name must be ${NAME_RULE}, e.g. "churn-model"; got ${JSON.stringify(
        value,
      )}`,
    );
  }
  return value;
}

/** An owner ref as spec.owner accepts it: a group (the default kind) or a user. */
export function ownerFlag(value: string): string {
  const [issue] = validateMlEntity({
    apiVersion: ML_API_VERSION,
    kind: MODEL_KIND,
    metadata: { name: 'owner-check' },
    spec: { owner: value, lifecycle: 'experimental' },
  }).filter(i => i.path === 'spec.owner');
  if (issue) {
    throw new CliError(
      `--owner ${issue.message}; pass the owning team, e.g. --owner group:default/ml-platform`,
    );
  }
  return value;
}
