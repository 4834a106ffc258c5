import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import { stringify } from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish the project on the portal machine and register its catalog-info.yaml',
    example: stringify({
      steps: [
        {
          id: 'publish',
          action: 'ml:publish:local',
          name: 'Publish',
          input: { repoName: '${{ parameters.name }}' },
        },
        {
          id: 'register',
          action: 'catalog:register',
          name: 'Register',
          input: {
            catalogInfoUrl: '${{ steps.publish.output.catalogInfoUrl }}',
          },
        },
      ],
    }),
  },
  {
    description: 'Publish only the service/ sub-directory of the workspace',
    example: stringify({
      steps: [
        {
          id: 'publish',
          action: 'ml:publish:local',
          name: 'Publish the service',
          input: {
            repoName: '${{ parameters.name }}-service',
            sourcePath: 'service',
            gitCommitMessage: 'Create the ${{ parameters.name }} service',
          },
        },
      ],
    }),
  },
];
