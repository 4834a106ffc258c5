import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parseAllDocuments } from 'yaml';
import { mlEntitiesJsonSchema } from './jsonSchema';
import { validateMlEntity } from './validate';

const SCHEMA_FILE = path.resolve(
  __dirname,
  '../schema/ml-entities.schema.json',
);
const REPO = path.resolve(__dirname, '../../..');

function documentsIn(file: string): any[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8')).map(d => d.toJS());
}

const exampleFiles = ['datasets.yaml', 'features.yaml', 'models.yaml'].map(f =>
  path.join(REPO, 'examples/ml', f),
);

describe('JSON Schema', () => {
  const schema = mlEntitiesJsonSchema();
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

  it('is the committed schema/ml-entities.schema.json (regenerate with ML_UPDATE_SCHEMA=1)', () => {
    const generated = `${JSON.stringify(schema, null, 2)}\n`;
    if (process.env.ML_UPDATE_SCHEMA) {
      fs.writeFileSync(SCHEMA_FILE, generated);
    }
    expect(fs.readFileSync(SCHEMA_FILE, 'utf8')).toBe(generated);
  });

  it.each(exampleFiles)('accepts every entity in %s, as zod does', file => {
    for (const entity of documentsIn(file)) {
      expect(validateMlEntity(entity)).toEqual([]);
      expect({
        name: entity.metadata.name,
        errors: validate(entity) ? null : validate.errors,
      }).toEqual({
        name: entity.metadata.name,
        errors: null,
      });
    }
  });

  it('rejects every invalid fixture that zod rejects', () => {
    const fixtures = documentsIn(
      path.join(__dirname, '__fixtures__/invalid-entities.yaml'),
    );
    expect(fixtures.length).toBeGreaterThan(5);
    for (const entity of fixtures) {
      const zodIssues = validateMlEntity(entity);
      expect({
        name: entity.metadata.name,
        zodRejects: zodIssues.length > 0,
      }).toEqual({
        name: entity.metadata.name,
        zodRejects: true,
      });
      expect({
        name: entity.metadata.name,
        schemaAccepts: validate(entity),
      }).toEqual({
        name: entity.metadata.name,
        schemaAccepts: false,
      });
    }
  });

  it('leaves entities of other kinds alone', () => {
    expect(
      validate({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Component',
        metadata: { name: 'c' },
        spec: { type: 'service' },
      }),
    ).toBe(true);
  });
});
