/**
 * Error messages for software-template forms that a person can act on.
 *
 * The scaffolder's form validates with AJV and shows its text, so a name
 * field with a `pattern` says `must match pattern "^(?!(and|as|assert…"`.
 * This transformer words every AJV error in plain language and, for a
 * pattern, uses the rule the template states in the field's
 * `ui:options.patternMessage` (or a generic sentence; never the regex).
 */

/** The part of an RJSF validation error this reads and rewrites. */
export interface TemplateFormError {
  name?: string;
  property?: string;
  message?: string;
  params?: any;
  stack: string;
  schemaPath?: string;
  title?: string;
}

type UiSchema = Record<string, any> | undefined;

/** The uiSchema of the field an error is about (`.a.b` or `.list.0.c`). */
function uiSchemaAt(uiSchema: UiSchema, property: string | undefined) {
  let node: any = uiSchema;
  for (const segment of (property ?? '').split('.').filter(Boolean)) {
    if (!node || typeof node !== 'object') return undefined;
    node = /^\d+$/.test(segment) ? node.items ?? node[segment] : node[segment];
  }
  return node && typeof node === 'object' ? node : undefined;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The sentence for one AJV error, without the field's name. */
function messageFor(error: TemplateFormError, ui: any): string | undefined {
  const params = error.params ?? {};
  switch (error.name) {
    case 'errorMessage':
      // The template's own words (ajv-errors' `errorMessage` keyword).
      return error.message;
    case 'pattern':
      return (
        ui?.['ui:options']?.patternMessage ??
        'is not in the form this field accepts; see the description under the field'
      );
    case 'required':
      return 'is required';
    case 'minLength':
      return params.limit === 1
        ? 'is required'
        : `must be at least ${plural(params.limit, 'character')} long`;
    case 'maxLength':
      return `must be at most ${plural(params.limit, 'character')} long`;
    case 'minItems':
      return `needs at least ${plural(params.limit, 'entry')}`;
    case 'maxItems':
      return `takes at most ${plural(params.limit, 'entry')}`;
    case 'minimum':
      return `must be ${params.limit} or more`;
    case 'maximum':
      return `must be ${params.limit} or less`;
    case 'enum':
      return Array.isArray(params.allowedValues)
        ? `must be one of ${params.allowedValues.join(', ')}`
        : 'must be one of the listed values';
    case 'type':
      return `must be ${
        {
          string: 'text',
          number: 'a number',
          integer: 'a whole number',
          boolean: 'yes or no',
          array: 'a list',
          object: 'a group of fields',
        }[String(params.type)] ?? String(params.type)
      }`;
    case 'format':
      return `must be a valid ${params.format}`;
    case 'uniqueItems':
      return 'must not list the same entry twice';
    default:
      return undefined;
  }
}

/**
 * An RJSF `transformErrors` for the scaffolder: pass it as
 * `<ScaffolderPage formProps={{ transformErrors: transformTemplateFormErrors }} />`.
 */
export function transformTemplateFormErrors<E extends TemplateFormError>(
  errors: E[],
  uiSchema?: UiSchema,
): E[] {
  return errors.map(error => {
    const ui = uiSchemaAt(uiSchema, error.property);
    const message = messageFor(error, ui);
    if (!message) return error;
    // RJSF starts the stack with the field's title in quotes when it has one.
    const label =
      ui?.['ui:options']?.title ??
      ui?.['ui:title'] ??
      /^'([^']+)' /.exec(error.stack)?.[1] ??
      error.property?.replace(/^\./, '');
    return {
      ...error,
      message,
      stack: label ? `${label} ${message}` : message,
    };
  });
}
