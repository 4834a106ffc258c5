import { ConflictError, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  MlRegistryError,
  MlflowClient,
  type MlflowRegistryConfig,
} from '@ml-marketplace/plugin-ml-node';
import { z as zod } from 'zod';
import { rejectTemplateExpressions } from './inputSafety';
import { examples } from './registerMlflow.examples';

export const REGISTER_MLFLOW_ACTION_ID = 'ml:mlflow:register';

/** The tag that ties a registered model to the entity that declared it. */
export const ENTITY_REF_TAG = 'ml-marketplace.io/entity-ref';

/** MLflow refuses "/" and ":" in names (they break models:/ URIs). */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,255}$/;

const registeredModelAnswer = zod.object({
  registered_model: zod.object({
    name: zod.string(),
    tags: zod
      .array(zod.object({ key: zod.string(), value: zod.string().optional() }))
      .optional(),
  }),
});

type Existing = zod.infer<typeof registeredModelAnswer>['registered_model'];

/**
 * `ml:mlflow:register` creates the new project's registered model in a
 * configured MLflow, tagged with its owner and entity so discovery and the
 * Versions card tie them together. A model of that name that another entity
 * owns fails the task; one this template created before (a retried task) is
 * taken as done.
 */
export function createRegisterMlflowAction(options: {
  registries: MlflowRegistryConfig[];
}) {
  const { registries } = options;
  return createTemplateAction({
    id: REGISTER_MLFLOW_ACTION_ID,
    description:
      'Creates a registered model in a configured MLflow, tagged with its owner and entity',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        name: z =>
          z
            .string()
            .describe(
              'Registered model name, e.g. "churn-model" (no "/" or ":")',
            ),
        entityRef: z =>
          z
            .string()
            .describe(
              'The Model entity that declares it, e.g. "model:default/churn-model"',
            ),
        owner: z =>
          z
            .string()
            .describe('Owner ref, written to the "owner" tag for discovery'),
        description: z =>
          z.string().optional().describe('Registered model description'),
        registry: z =>
          z
            .string()
            .optional()
            .describe(
              'Id of an ml.registries.mlflow instance; the first one by default',
            ),
        tags: z =>
          z
            .record(z.string())
            .optional()
            .describe('More registered model tags'),
      },
      output: {
        registeredModelName: z => z.string().describe('The registered model'),
        registry: z => z.string().describe('Id of the MLflow instance used'),
        modelUrl: z => z.string().describe('The model page in the MLflow UI'),
        created: z =>
          z
            .boolean()
            .describe('false when an earlier attempt of this task created it'),
      },
    },
    async handler(ctx) {
      const { name, entityRef, owner } = ctx.input;
      const where = `${REGISTER_MLFLOW_ACTION_ID}: registered model ${JSON.stringify(
        name,
      )}`;
      rejectTemplateExpressions(where, ctx.input);
      if (!MODEL_NAME.test(name)) {
        throw new InputError(
          `${where}: input.name must be 1-256 letters, digits, ".", "_", "-" or spaces, starting with a letter or digit`,
        );
      }
      const registry = ctx.input.registry
        ? registries.find(r => r.id === ctx.input.registry)
        : registries[0];
      if (!registry) {
        throw new InputError(
          registries.length
            ? `${where}: input.registry ${JSON.stringify(
                ctx.input.registry,
              )} is not configured; use one of ${registries
                .map(r => JSON.stringify(r.id))
                .join(', ')}`
            : `${where}: no MLflow is configured; add one under ml.registries.mlflow in app-config, or remove this step`,
        );
      }
      const client = new MlflowClient(registry);
      const signal = ctx.signal ?? new AbortController().signal;
      const modelUrl = `${registry.uiUrl}/#/models/${encodeURIComponent(name)}`;

      const get = async (): Promise<Existing | undefined> => {
        try {
          const answer = await client.get(
            'registered-models/get',
            { name },
            registeredModelAnswer,
            signal,
          );
          return answer.registered_model;
        } catch (error) {
          if (error instanceof MlRegistryError && error.kind === 'not-found') {
            return undefined;
          }
          throw error;
        }
      };
      /** Ours (from an earlier attempt) is fine; anyone else's is a conflict. */
      const adopt = (existing: Existing): boolean => {
        const tag = (key: string) =>
          existing.tags?.find(t => t.key === key)?.value;
        if (tag(ENTITY_REF_TAG) === entityRef) return false;
        throw new ConflictError(
          `${where} already exists in MLflow "${registry.id}"${
            tag('owner') ? `, owned by ${tag('owner')}` : ''
          }; choose another name, or ask its owner to add you (${modelUrl})`,
        );
      };

      const existing = await get();
      let created: boolean;
      if (existing) {
        created = adopt(existing);
      } else if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: would create ${name} in ${registry.id}`);
        created = true;
      } else {
        created = await ctx.checkpoint({
          key: `ml-mlflow-register-${registry.id}-${name}`,
          fn: async () => {
            const tags = {
              ...ctx.input.tags,
              owner,
              [ENTITY_REF_TAG]: entityRef,
            };
            try {
              await client.post(
                'registered-models/create',
                {
                  name,
                  ...(ctx.input.description && {
                    description: ctx.input.description,
                  }),
                  tags: Object.entries(tags).map(([key, value]) => ({
                    key,
                    value,
                  })),
                },
                registeredModelAnswer,
                signal,
              );
              return true;
            } catch (error) {
              // A retry of a create that landed, or a race with another task.
              if (
                error instanceof MlRegistryError &&
                error.code === 'RESOURCE_ALREADY_EXISTS'
              ) {
                const now = await get();
                if (now) return adopt(now);
              }
              throw error;
            }
          },
        });
        ctx.logger.info(
          `${created ? 'Created' : 'Found'} ${name} in MLflow ${
            registry.id
          }: ${modelUrl}`,
        );
      }
      ctx.output('registeredModelName', name);
      ctx.output('registry', registry.id);
      ctx.output('modelUrl', modelUrl);
      ctx.output('created', created);
    },
  });
}
