import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Create the registered model the new training project will push versions to',
    example: stringify({
      steps: [
        {
          id: 'mlflow',
          action: 'ml:mlflow:register',
          name: 'Create the MLflow registered model',
          input: {
            name: '${{ parameters.name }}',
            entityRef: 'model:default/${{ parameters.name }}',
            owner: '${{ parameters.owner }}',
            description: '${{ parameters.description }}',
          },
        },
      ],
    }),
  },
  {
    description: 'Use a second MLflow instance and add tags',
    example: stringify({
      steps: [
        {
          id: 'mlflow',
          action: 'ml:mlflow:register',
          name: 'Create the registered model in the research MLflow',
          input: {
            name: '${{ parameters.name }}',
            entityRef: 'model:default/${{ parameters.name }}',
            owner: '${{ parameters.owner }}',
            registry: 'research',
            tags: { team: 'growth', lifecycle: 'experimental' },
          },
        },
      ],
    }),
  },
];
