import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Register the new project as a Model trained on an existing Dataset',
    example: stringify({
      steps: [
        {
          id: 'catalog',
          action: 'ml:catalog:write',
          name: 'Write catalog-info.yaml',
          input: {
            kind: 'Model',
            name: '${{ parameters.name }}',
            owner: '${{ parameters.owner }}',
            lifecycle: 'experimental',
            spec: {
              task: 'binary-classification',
              trainedOn: ['${{ parameters.dataset }}'],
            },
          },
        },
      ],
    }),
  },
  {
    description:
      'Add a Dataset to an existing catalog-info.yaml in a sub-folder',
    example: stringify({
      steps: [
        {
          id: 'dataset',
          action: 'ml:catalog:write',
          input: {
            kind: 'Dataset',
            name: 'scored-customers',
            owner: 'group:default/growth-ml',
            spec: { type: 'table', derivedFrom: ['dataset:default/customers'] },
            filePath: 'catalog/catalog-info.yaml',
          },
        },
      ],
    }),
  },
];
