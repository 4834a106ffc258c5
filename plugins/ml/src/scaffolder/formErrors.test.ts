import { transformTemplateFormErrors, TemplateFormError } from './formErrors';

// Errors as RJSF's AJV validator hands them to `transformErrors`.
const PATTERN = '^(?!(and|as|class)$)[a-z][a-z0-9]*(-[a-z0-9]+)*$';
const patternError = {
  name: 'pattern',
  property: '.name',
  message: `must match pattern "${PATTERN}"`,
  params: { pattern: PATTERN },
  stack: `'Name' must match pattern "${PATTERN}"`,
  schemaPath: '#/properties/name/pattern',
};

describe('transformTemplateFormErrors', () => {
  it("keeps a template's own errorMessage, labelled with the field", () => {
    const [error] = transformTemplateFormErrors([
      {
        name: 'errorMessage',
        property: '.name',
        message: 'must use lowercase letters (e.g. churn-model)',
        params: { errors: [{ keyword: 'pattern' }] },
        stack: "'Name' must use lowercase letters (e.g. churn-model)",
      },
    ]);
    expect(error.stack).toBe(
      'Name must use lowercase letters (e.g. churn-model)',
    );
  });

  it('words a pattern error with the rule the template states, never the regex', () => {
    const [error] = transformTemplateFormErrors([patternError], {
      name: {
        'ui:options': {
          patternMessage:
            'use lowercase letters, digits and single hyphens, starting with a letter (e.g. churn-model)',
        },
      },
    });
    expect(error.message).toBe(
      'use lowercase letters, digits and single hyphens, starting with a letter (e.g. churn-model)',
    );
    expect(error.stack).toBe(
      'Name use lowercase letters, digits and single hyphens, starting with a letter (e.g. churn-model)',
    );
    expect(JSON.stringify(error.message + error.stack)).not.toContain('(?!');
  });

  it('falls back to a plain sentence when the template states no rule', () => {
    const [error] = transformTemplateFormErrors([patternError], {});
    expect(error.message).toBe(
      'is not in the form this field accepts; see the description under the field',
    );
    expect(error.stack).not.toContain('pattern');
  });

  it('finds the rule of a field inside an object or a list', () => {
    const [nested] = transformTemplateFormErrors(
      [{ ...patternError, property: '.output.name', stack: 'x' }],
      { output: { name: { 'ui:options': { patternMessage: 'rule' } } } },
    );
    expect(nested.message).toBe('rule');
    const [inList] = transformTemplateFormErrors(
      [{ ...patternError, property: '.columns.2', stack: 'x' }],
      {
        columns: {
          items: { 'ui:options': { patternMessage: 'a column name' } },
        },
      },
    );
    expect(inList.message).toBe('a column name');
  });

  it('words the other AJV keywords in plain language', () => {
    const errors = transformTemplateFormErrors<TemplateFormError>(
      [
        {
          name: 'required',
          property: '.owner',
          params: { missingProperty: 'owner' },
          stack: "must have required property 'owner'",
        },
        {
          name: 'maxLength',
          property: '.name',
          params: { limit: 63 },
          stack: 'must NOT have more than 63 characters',
        },
        {
          name: 'minItems',
          property: '.features',
          params: { limit: 1 },
          stack: 'must NOT have fewer than 1 items',
        },
        {
          name: 'enum',
          property: '.lifecycle',
          params: { allowedValues: ['experimental', 'production'] },
          stack: 'must be equal to one of the allowed values',
        },
        {
          name: 'type',
          property: '.threshold',
          params: { type: 'number' },
          stack: 'must be number',
        },
      ],
      {},
    );
    expect(errors.map(e => e.message)).toEqual([
      'is required',
      'must be at most 63 characters long',
      'needs at least 1 entry',
      'must be one of experimental, production',
      'must be a number',
    ]);
    expect(errors[0].stack).toBe('owner is required');
  });

  it('leaves errors it does not know as they are', () => {
    const custom = {
      name: 'x-custom',
      property: '.a',
      message: 'from a field extension',
      stack: 'a from a field extension',
    };
    expect(transformTemplateFormErrors([custom], {})).toEqual([custom]);
  });
});
