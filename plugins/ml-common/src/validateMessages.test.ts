import { z } from 'zod';
import { oversizeReason } from './entitySize';
import { describeValue, personErrorMap } from './issueMessages';
import {
  ML_ENTITY_SCHEMAS,
  formatValidationIssues,
  validateMlEntity,
} from './validate';

const model = (spec: Record<string, unknown> = {}) => ({
  apiVersion: 'ml-marketplace.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'churn-model' },
  spec: { owner: 'group:default/growth-ml', lifecycle: 'production', ...spec },
});

const messagesOf = (entity: unknown) =>
  validateMlEntity(entity).map(i => `${i.path} ${i.message}`);

/** zod's own wording, or a value JSON could not show: none may reach an owner. */
const RAW_TEXT =
  /Invalid (input|option|string|URL|discriminator|key|element)|expected \w+, received|Unrecognized key|Too (big|small)|got (null|undefined|NaN)\b/;

describe('validateMlEntity: messages in words an owner reads', () => {
  it.each([
    [
      'spec is text',
      { ...model(), spec: 'churn' },
      'spec must be a mapping with at least owner and lifecycle, got "churn"',
    ],
    [
      'metadata is text',
      { ...model(), metadata: 'churn-model' },
      'metadata must be a mapping with at least name, got "churn-model"',
    ],
    [
      'an evaluation entry is text',
      model({ evaluation: ['auc'] }),
      'spec.evaluation[0] must be a mapping with at least metric and value, got "auc"',
    ],
    [
      'the model card is a list',
      model({ modelCard: ['good model'] }),
      'spec.modelCard must be a mapping of fields such as summary, intendedUse, outOfScopeUses, …, got ["good model"]',
    ],
    [
      'metadata.title is a number',
      { ...model(), metadata: { name: 'm', title: 42 } },
      'metadata.title must be text, got 42',
    ],
    [
      'a value is .nan',
      model({ evaluation: [{ metric: 'auc', value: NaN }] }),
      'spec.evaluation[0].value is .nan (not a number) but must be a number',
    ],
    [
      'a threshold is .inf',
      model({ evaluation: [{ metric: 'auc', value: 1, threshold: Infinity }] }),
      'spec.evaluation[0].threshold is .inf (infinity) but must be a finite number',
    ],
    [
      'a value is -.inf',
      model({ evaluation: [{ metric: 'auc', value: -Infinity }] }),
      'spec.evaluation[0].value is -.inf (minus infinity) but must be a finite number',
    ],
    [
      'a text field is .nan',
      model({ task: NaN }),
      'spec.task is .nan (not a number) but must be the ML task, e.g. "binary-classification" or "text-generation"; quote it if you meant it as text',
    ],
    [
      'a list holds .nan',
      model({ trainedOn: [NaN] }),
      'spec.trainedOn[0] is .nan (not a number) but must be an entity ref like "dataset:default/customers"; quote it if you meant it as text',
    ],
    [
      'the owner is left empty',
      model({ owner: null }),
      'spec.owner is empty but must be an entity ref like "group:default/ml-platform"',
    ],
    [
      'a boolean is quoted',
      {
        ...model(),
        kind: 'Dataset',
        spec: {
          owner: 'group:default/a',
          lifecycle: 'production',
          type: 'table',
          schema: { columns: [{ name: 'e', type: 's', pii: 'true' }] },
        },
      },
      'spec.schema.columns[0].pii must be true or false, got "true"; write true or false without quotes',
    ],
    [
      'a list where text belongs',
      model({ task: ['a', 'b'] }),
      'spec.task must be the ML task, e.g. "binary-classification" or "text-generation", got ["a", "b"]',
    ],
    [
      'a mapping where a ref belongs',
      model({ owner: { group: 'growth-ml' } }),
      'spec.owner must be an entity ref like "group:default/ml-platform", got { group: "growth-ml" }',
    ],
  ])('%s', (_name, entity, expected) => {
    expect(messagesOf(entity)).toEqual([expected]);
  });

  it('shows at most about 60 characters of what was found', () => {
    const [message] = messagesOf(model({ task: ['x'.repeat(200)] }));
    expect(message).toBe(
      `spec.task must be the ML task, e.g. "binary-classification" or "text-generation", got ["${'x'.repeat(
        55,
      )}...`,
    );
  });

  // Every field of every kind, set to every kind of wrong value: no message
  // may be zod's own text, and each reads as "<field> must/is …".
  const wrongValues = [42, 'text', ['a'], { a: 1 }, null, NaN, Infinity, true];
  const fieldPaths = (schema: any, prefix: Array<string | number>) => {
    const paths: Array<Array<string | number>> = [];
    const walk = (s: any, at: Array<string | number>) => {
      const def = s?._zod?.def;
      if (!def) return;
      if (['optional', 'nullable', 'default', 'readonly'].includes(def.type))
        walk(def.innerType, at);
      else if (def.type === 'pipe') walk(def.in, at);
      else if (def.type === 'array') walk(def.element, [...at, 0]);
      else if (def.type === 'object')
        for (const [key, child] of Object.entries(def.shape)) {
          paths.push([...at, key]);
          walk(child, [...at, key]);
        }
    };
    walk(schema, prefix);
    return paths;
  };
  const setAt = (root: any, path: Array<string | number>, value: unknown) => {
    const copy = structuredClone(root);
    let node = copy;
    path.slice(0, -1).forEach((part, i) => {
      if (typeof node[part] !== 'object' || node[part] === null)
        node[part] = typeof path[i + 1] === 'number' ? [] : {};
      node = node[part];
    });
    node[path[path.length - 1]] = value;
    return copy;
  };

  it.each(['Model', 'Feature', 'Dataset'])(
    'words every problem of every %s field for a person',
    kind => {
      const base = {
        ...model(),
        kind,
        spec: { ...model().spec, ...(kind === 'Dataset' && { type: 'table' }) },
      };
      const schema = ML_ENTITY_SCHEMAS[kind.toLocaleLowerCase('en-US')];
      const paths = fieldPaths(schema, []).filter(
        p => !['apiVersion', 'kind'].includes(String(p[0])),
      );
      expect(paths.length).toBeGreaterThan(10);
      for (const path of paths) {
        for (const value of wrongValues) {
          for (const issue of validateMlEntity(setAt(base, path, value))) {
            const line = `${issue.path} ${issue.message}`;
            expect({ path, value, line }).toEqual({
              path,
              value,
              line: expect.not.stringMatching(RAW_TEXT),
            });
            expect(issue.message).toMatch(/^(must|is|does|has|holds|matches) /);
          }
        }
      }
    },
  );
});

describe('validateMlEntity: YAML alias bombs and cycles', () => {
  /** What a billion-laughs document parses to: 10^9 leaves in ten small arrays. */
  const billionLaughs = () => {
    let value: unknown = 'lol';
    for (let i = 0; i < 9; i++) value = Array(10).fill(value);
    return value;
  };

  it('says the entity uses too many aliases (without expanding them)', () => {
    const issues = validateMlEntity(
      model({ modelCard: { limitations: billionLaughs() } }),
    );
    expect(issues).toEqual([
      {
        path: '',
        segments: [],
        message:
          'uses too many YAML aliases: written out, it would hold more than 100,000 values. Write the repeated values out, or use fewer *aliases',
      },
    ]);
    expect(formatValidationIssues('Model default/churn-model', issues)).toBe(
      'Model default/churn-model: uses too many YAML aliases: written out, it would hold more than 100,000 values. Write the repeated values out, or use fewer *aliases',
    );
  });

  it('says the same of an alias inside its own anchor (a cycle)', () => {
    const cycle: unknown[] = [];
    cycle.push(cycle);
    expect(messagesOf(model({ trainedOn: cycle }))).toEqual([
      expect.stringMatching(/^ uses too many YAML aliases/),
    ]);
  });

  it('tells a merely huge entity from an alias bomb', () => {
    expect(oversizeReason({ list: Array(20).fill('x') }, 10)).toBe(
      'is too large: it holds more than 10 values. Split it into several entities',
    );
    expect(oversizeReason({ list: Array(5).fill('x') }, 10)).toBeUndefined();
  });

  it('previews cyclic and huge values without walking them', () => {
    const cycle: unknown[] = [];
    cycle.push(cycle, cycle);
    expect(describeValue(cycle)).toMatch(/^\[\[\[\[/);
    expect(describeValue(billionLaughs())).toHaveLength(60);
  });
});

describe('personErrorMap: one sentence per zod issue code', () => {
  const messageOf = (schema: z.ZodType, value: unknown) =>
    schema.safeParse(value, { error: personErrorMap }).error?.issues[0].message;

  it.each([
    [
      'invalid_type, missing',
      z.object({ a: z.string() }),
      {},
      'is required: text',
    ],
    ['invalid_type, text', z.string(), 1, 'must be text'],
    ['invalid_type, whole number', z.int(), 1.5, 'must be a whole number'],
    ['invalid_type, boolean', z.boolean(), 'x', 'must be true or false'],
    ['invalid_type, list', z.array(z.string()), 'x', 'must be a list'],
    [
      'invalid_type, record',
      z.record(z.string(), z.string()),
      1,
      'must be a mapping of keys to values',
    ],
    ['too_small, empty text', z.string().min(1), '', 'must not be empty'],
    [
      'too_small, text',
      z.string().min(3),
      'ab',
      'must be at least 3 characters long',
    ],
    [
      'too_small, list',
      z.array(z.string()).min(1),
      [],
      'must list at least one item',
    ],
    [
      'too_small, list of 2',
      z.array(z.string()).min(2),
      ['a'],
      'must list at least 2 items',
    ],
    ['too_small, number', z.number().min(0), -1, 'must be 0 or more'],
    ['too_small, positive', z.number().positive(), 0, 'must be more than 0'],
    [
      'too_big, text',
      z.string().max(3),
      'abcd',
      'must be at most 3 characters long',
    ],
    ['too_big, number', z.number().lt(1), 1, 'must be less than 1'],
    [
      'too_big, list',
      z.array(z.string()).length(1),
      ['a', 'b'],
      'must list exactly 1 item',
    ],
    [
      'invalid_value, enum',
      z.enum(['online', 'offline']),
      'redis',
      'must be one of online, offline',
    ],
    ['invalid_value, literal', z.literal('v1'), 'v2', 'must be "v1"'],
    [
      'invalid_format, url',
      z.url(),
      '/x',
      'must be an absolute URL like "https://host/path"',
    ],
    [
      'invalid_format, email',
      z.email(),
      'x',
      'must be an email address like "ml-team@example.com"',
    ],
    [
      'invalid_format, date',
      z.iso.date(),
      'x',
      'must be a date like "2026-12-31"',
    ],
    [
      'invalid_format, prefix',
      z.string().startsWith('s3://'),
      'x',
      'must start with "s3://"',
    ],
    [
      'invalid_format, regex with a description',
      z
        .string()
        .regex(/^[a-z]+$/)
        .meta({ description: 'Lowercase letters' }),
      'X',
      'does not have the expected form: lowercase letters',
    ],
    [
      'invalid_format, bare regex',
      z.string().regex(/^a$/),
      'b',
      'does not have the expected form',
    ],
    ['not_multiple_of', z.number().multipleOf(5), 7, 'must be a multiple of 5'],
    [
      'unrecognized_keys',
      z.strictObject({}),
      { x: 1 },
      'has fields it does not know: x',
    ],
    [
      'invalid_union',
      z.union([z.string(), z.number()]),
      true,
      'must be text or a number',
    ],
    [
      'invalid_union, discriminated',
      z.discriminatedUnion('type', [
        z.object({ type: z.literal('table') }),
        z.object({ type: z.literal('stream') }),
      ]),
      { type: 'files' },
      'must have type set to one of table, stream',
    ],
    [
      'invalid_key',
      z.record(z.string().min(2), z.string()),
      { x: 'y' },
      'has a key that is not allowed here',
    ],
    [
      'invalid_element',
      z.map(z.any(), z.number()),
      new Map([[{}, 'b']]),
      'holds a value that is not allowed here',
    ],
    ['custom', z.string().refine(v => v === 'ok'), 'no', 'is not valid here'],
    [
      'custom with a description',
      z
        .string()
        .refine(v => v === 'ok')
        .meta({ description: 'The word "ok"' }),
      'no',
      'is not valid: it must be the word "ok"',
    ],
  ])('%s', (_code, schema, value, expected) => {
    expect(messageOf(schema as z.ZodType, value)).toBe(expected);
  });

  it('leaves a message the schema words itself alone', () => {
    expect(messageOf(z.string({ error: 'must be the name' }), 1)).toBe(
      'must be the name',
    );
  });
});
