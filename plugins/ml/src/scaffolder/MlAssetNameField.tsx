import { useState } from 'react';
import { FormHelperText, TextField } from '@material-ui/core';
import { useApi } from '@backstage/core-plugin-api';
import type {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import {
  assetNameProblems,
  type AssetNameRules,
  type NameCheckResponse,
} from '@ml-marketplace/plugin-ml-common';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { mlApiRef, type MlApi } from '../api';

/** `ui:options` of the `MlAssetName` field. */
export interface MlAssetNameUiOptions {
  /** Also ask the model registries (MLflow) whether the name is free. */
  registry?: boolean;
  /** The name also names a Python package: no Python keywords. */
  python?: boolean;
  /** Names the project cannot take, e.g. the libraries it imports. */
  reserved?: string[];
  /** Catalog namespace the new entities go to. @default default */
  namespace?: string;
}

/** How long typing must pause before the name is checked. */
const CHECK_DELAY_MS = 400;

function rulesOf(
  schema: { maxLength?: number },
  options: MlAssetNameUiOptions = {},
): AssetNameRules {
  return {
    maxLength: schema.maxLength,
    python: options.python,
    reserved: options.reserved,
  };
}

/** "churn-model is taken: Model Churn prediction (…) and a registered model in …". */
export function takenSentence(answer: NameCheckResponse): string {
  const where = answer.taken.map(t => t.message);
  const list =
    where.length > 1
      ? `${where.slice(0, -1).join(', ')} and ${where[where.length - 1]}`
      : where[0];
  return `${answer.name} is already used by ${list}. Pick another name.`;
}

async function check(
  api: MlApi,
  name: string,
  options: MlAssetNameUiOptions = {},
) {
  return api.checkName({
    name,
    namespace: options.namespace,
    registry: options.registry,
  });
}

/**
 * A new ML asset's name: the rules in words as the user types, and whether
 * the name is free in the catalog (and the registries) once typing pauses.
 * Pair it with the template's own `pattern` (with an `errorMessage`), which
 * the scaffolder backend checks again when the task is created.
 */
export function MlAssetNameField(
  props: FieldExtensionComponentProps<string, MlAssetNameUiOptions>,
) {
  const {
    onChange,
    formData,
    rawErrors,
    required,
    schema,
    uiSchema,
    idSchema,
    disabled,
  } = props;
  const api = useApi(mlApiRef);
  const options = uiSchema['ui:options'];
  const value = formData ?? '';
  const problems = value
    ? assetNameProblems(value, rulesOf(schema, options))
    : [];
  const [settled, setSettled] = useState(value);
  useDebounce(() => setSettled(value), CHECK_DELAY_MS, [value]);

  const checked = useAsync(async () => {
    if (!settled || assetNameProblems(settled, rulesOf(schema, options)).length)
      return undefined;
    return check(api, settled, options);
  }, [settled]);

  const label = schema.title ?? 'Name';
  const current = settled === value ? checked.value : undefined;
  let status: { text: string; error: boolean } | undefined;
  if (problems.length) {
    status = { text: `${label} ${problems.join('; ')}.`, error: true };
  } else if (value && (settled !== value || checked.loading)) {
    status = { text: `Checking whether ${value} is free…`, error: false };
  } else if (checked.error) {
    status = {
      text: `Could not check whether ${value} is free (${checked.error.message}); the name is checked again when the project is created.`,
      error: false,
    };
  } else if (current && !current.available) {
    status = { text: takenSentence(current), error: true };
  } else if (current) {
    status = {
      text: `${value} is free${
        options?.registry ? ' in the catalog and the model registry' : ''
      }.${
        current.unchecked.length
          ? ` Not checked: ${current.unchecked.join('; ')}.`
          : ''
      }`,
      error: false,
    };
  }
  // Our own sentence replaces the schema's errors for the same value; other
  // errors (e.g. "required" on submit) still show.
  const otherErrors = status?.error ? [] : rawErrors ?? [];

  return (
    <>
      <TextField
        id={idSchema?.$id}
        label={label}
        value={value}
        required={required}
        disabled={disabled}
        // The template's own `ui:autofocus`, honoured as RJSF's text field does.
        // eslint-disable-next-line jsx-a11y/no-autofocus
        autoFocus={Boolean(uiSchema['ui:autofocus'])}
        margin="normal"
        fullWidth
        error={Boolean(status?.error) || otherErrors.length > 0}
        inputProps={{ 'aria-describedby': `${idSchema?.$id}-status` }}
        onChange={e => onChange(e.target.value)}
      />
      {schema.description && (
        <FormHelperText>{schema.description}</FormHelperText>
      )}
      <FormHelperText
        id={`${idSchema?.$id}-status`}
        role="status"
        error={Boolean(status?.error) || otherErrors.length > 0}
      >
        {status?.text ?? otherErrors.join(' ')}
      </FormHelperText>
    </>
  );
}

/**
 * Runs when the step is submitted: the rules, then the name check, so a taken
 * name stops the form before Review (the dry run checks again on the server).
 */
export const validateMlAssetName: CustomFieldValidator<
  string,
  MlAssetNameUiOptions
> = async (value, validation, context) => {
  if (!value) return;
  const options = context.uiSchema?.['ui:options'];
  const label = (context.schema.title as string | undefined) ?? 'Name';
  const problems = assetNameProblems(
    value,
    rulesOf(context.schema as { maxLength?: number }, options),
  );
  if (problems.length) {
    validation.addError(`${label} ${problems.join('; ')}`);
    return;
  }
  const api = context.apiHolder.get(mlApiRef);
  if (!api) return;
  let answer: NameCheckResponse;
  try {
    answer = await check(api, value, options);
  } catch {
    return; // the server checks again when the task runs
  }
  if (!answer.available) validation.addError(takenSentence(answer));
};
