import fs from 'node:fs/promises';
import type { JsonValue } from '@backstage/types';
import path from 'node:path';
import { KubernetesValidatorFunctions } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  LIFECYCLES,
  ML_API_VERSION,
  ML_KINDS,
  formatValidationIssues,
  validateMlEntity,
  type MlValidationIssue,
} from '@ml-marketplace/plugin-ml-common';
import { stringify } from 'yaml';
import { rejectTemplateExpressions, workspaceChild } from './inputSafety';
import { examples } from './writeCatalog.examples';

export const WRITE_CATALOG_ACTION_ID = 'ml:catalog:write';

/**
 * `ml:catalog:write` builds a Model, Feature or Dataset entity from the template's
 * form values, validates it with the same schema as the catalog processor, and
 * writes it to `catalog-info.yaml` in the workspace. A bad form value fails the
 * task before any file is written, naming the field.
 */
export function createWriteCatalogAction() {
  return createTemplateAction({
    id: WRITE_CATALOG_ACTION_ID,
    description:
      'Writes a validated Model, Feature or Dataset entity to a catalog-info.yaml in the workspace',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        kind: z =>
          z.enum(ML_KINDS).describe('Entity kind: Model, Feature or Dataset'),
        name: z => z.string().describe('metadata.name, e.g. "churn-model"'),
        title: z => z.string().optional().describe('Human-readable title'),
        description: z =>
          z
            .string()
            .optional()
            .describe('One or two sentences for the marketplace'),
        tags: z => z.array(z.string()).optional().describe('metadata.tags'),
        owner: z =>
          z
            .string()
            .describe('Owning group ref, e.g. "group:default/ml-platform"'),
        system: z =>
          z.string().optional().describe('System ref the asset belongs to'),
        lifecycle: z =>
          z
            .enum(LIFECYCLES)
            .default('experimental')
            .describe('experimental, production or deprecated'),
        spec: z =>
          z
            // JsonValue, not unknown: action inputs must be JSON objects, and
            // the published types are checked against that constraint.
            .record(z.custom<JsonValue>(value => value !== undefined))
            .optional()
            .describe(
              'Kind-specific spec fields, e.g. { trainedOn: ["dataset:default/customers"] }',
            ),
        filePath: z =>
          z
            .string()
            .default('catalog-info.yaml')
            .describe(
              'Workspace-relative file to write; an existing file gets the entity appended',
            ),
      },
      output: {
        entityRef: z =>
          z
            .string()
            .describe(
              'Ref of the written entity, e.g. "model:default/churn-model"',
            ),
        filePath: z =>
          z.string().describe('Workspace-relative path of the written file'),
      },
    },
    async handler(ctx) {
      // The scaffolder validates inputs against the schema but hands them over
      // as given: the schema's defaults have to be applied here.
      const input = {
        ...ctx.input,
        lifecycle: ctx.input.lifecycle ?? 'experimental',
        filePath: ctx.input.filePath ?? 'catalog-info.yaml',
      };
      const label = `${input.kind} default/${input.name}`;

      const where = `${WRITE_CATALOG_ACTION_ID}: ${label}`;
      rejectTemplateExpressions(where, input);
      const issues: MlValidationIssue[] = [];
      if (!KubernetesValidatorFunctions.isValidObjectName(input.name)) {
        issues.push({
          path: 'metadata.name',
          segments: ['metadata', 'name'],
          message: `must be 1-63 characters of letters, digits, "-", "_" or ".", starting and ending with a letter or digit, got ${JSON.stringify(
            input.name,
          )}`,
        });
      }
      const entity = {
        apiVersion: ML_API_VERSION,
        kind: input.kind,
        metadata: {
          name: input.name,
          ...(input.title && { title: input.title }),
          ...(input.description && { description: input.description }),
          ...(input.tags?.length && { tags: input.tags }),
        },
        spec: {
          ...input.spec,
          owner: input.owner,
          lifecycle: input.lifecycle,
          ...(input.system && { system: input.system }),
        },
      };
      issues.push(...validateMlEntity(entity));
      if (issues.length > 0) {
        throw new InputError(
          `${WRITE_CATALOG_ACTION_ID}: ${formatValidationIssues(
            label,
            issues,
          )}`,
        );
      }

      const target = workspaceChild(
        where,
        'filePath',
        ctx.workspacePath,
        input.filePath,
      );
      const document = stringify(entity);
      // Only a missing file starts empty; any other read error must not lead
      // to overwriting what an earlier step wrote.
      const existing = await fs.readFile(target, 'utf8').catch(error => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      await fs.mkdir(path.dirname(target), { recursive: true });
      await fs.writeFile(
        target,
        existing
          ? `${existing.replace(/\n*$/, '\n')}---\n${document}`
          : document,
      );

      const entityRef = `${input.kind.toLocaleLowerCase('en-US')}:default/${
        input.name
      }`;
      ctx.logger.info(`Wrote ${entityRef} to ${input.filePath}`);
      ctx.output('entityRef', entityRef);
      ctx.output('filePath', input.filePath);
    },
  });
}
