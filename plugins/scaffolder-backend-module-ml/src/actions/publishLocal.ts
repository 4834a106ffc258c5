import type { DiscoveryService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  LOCAL_REPOSITORY_BRANCH,
  type LocalRepositories,
} from '@ml-marketplace/plugin-ml-node';
import { rejectTemplateExpressions, workspaceChild } from './inputSafety';
import { examples } from './publishLocal.examples';

export const PUBLISH_LOCAL_ACTION_ID = 'ml:publish:local';

/**
 * `ml:publish:local` commits the generated project as a new git repository on
 * the portal's machine (`ml.localRepositories.directory`) and returns the URL
 * the catalog reads its catalog-info.yaml from: the embedded default's
 * `publish:github`, so the golden path works end to end without a git host.
 */
export function createPublishLocalAction(options: {
  repositories?: LocalRepositories;
  discovery: DiscoveryService;
}) {
  const { repositories, discovery } = options;
  return createTemplateAction({
    id: PUBLISH_LOCAL_ACTION_ID,
    description:
      'Publishes the workspace as a git repository on the portal machine, readable by the catalog',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        repoName: z =>
          z
            .string()
            .describe(
              'Repository name: letters, digits, ".", "_" and "-", e.g. "churn-model"',
            ),
        sourcePath: z =>
          z
            .string()
            .optional()
            .describe(
              'Workspace sub-directory to publish; the whole workspace by default',
            ),
        catalogInfoPath: z =>
          z
            .string()
            .optional()
            .describe(
              'Path of the catalog file in the repository, "catalog-info.yaml" by default',
            ),
        gitCommitMessage: z =>
          z.string().optional().describe('Message of the first commit'),
      },
      output: {
        remoteUrl: z =>
          z
            .string()
            .describe(
              'The bare repository on the portal machine: git clone it',
            ),
        repoContentsUrl: z =>
          z
            .string()
            .describe('URL of the committed files, e.g. for catalog:register'),
        catalogInfoUrl: z =>
          z.string().describe('URL of catalog-info.yaml, for catalog:register'),
        commitHash: z => z.string().describe('The commit that was published'),
      },
    },
    async handler(ctx) {
      const where = `${PUBLISH_LOCAL_ACTION_ID}: repository ${JSON.stringify(
        ctx.input.repoName,
      )}`;
      rejectTemplateExpressions(where, ctx.input);
      if (!repositories) {
        throw new InputError(
          `${where}: local publishing is not configured; set ml.localRepositories.directory in app-config, or publish with publish:github or publish:gitlab`,
        );
      }
      const { repoName } = ctx.input;
      const gitDir = repositories.gitDir(repoName);
      const sourceDir = workspaceChild(
        where,
        'sourcePath',
        ctx.workspacePath,
        ctx.input.sourcePath ?? '.',
      );
      const catalogInfoPath = (
        ctx.input.catalogInfoPath ?? 'catalog-info.yaml'
      ).replace(/^\/+/, '');
      workspaceChild(where, 'catalogInfoPath', sourceDir, catalogInfoPath);

      const base = await discovery.getExternalBaseUrl('ml');
      const repoContentsUrl = `${base}/repositories/${encodeURIComponent(
        repoName,
      )}/blob/${LOCAL_REPOSITORY_BRANCH}`;
      const outputs = {
        remoteUrl: gitDir,
        repoContentsUrl,
        catalogInfoUrl: `${repoContentsUrl}/${catalogInfoPath
          .split('/')
          .map(encodeURIComponent)
          .join('/')}`,
      };

      let commitHash: string;
      if (ctx.isDryRun) {
        repositories.assertAvailable(repoName);
        ctx.logger.info(`Dry run: would publish ${sourceDir} to ${gitDir}`);
        commitHash = '0'.repeat(40);
      } else {
        // A retried task finds the commit of its first attempt here instead
        // of failing on the repository that attempt created.
        commitHash = await ctx.checkpoint({
          key: `ml-publish-local-${repoName}`,
          fn: async () => {
            const profile = ctx.user?.entity?.spec?.profile;
            const published = await repositories.publish(repoName, sourceDir, {
              message:
                ctx.input.gitCommitMessage ??
                'Initial commit from an ML marketplace golden path',
              author: {
                name: profile?.displayName ?? 'Backstage Scaffolder',
                email: profile?.email ?? 'scaffolder@backstage.invalid',
              },
            });
            return published.commit;
          },
        });
        ctx.logger.info(`Published ${repoName} at ${commitHash} to ${gitDir}`);
      }
      ctx.output('remoteUrl', outputs.remoteUrl);
      ctx.output('repoContentsUrl', outputs.repoContentsUrl);
      ctx.output('catalogInfoUrl', outputs.catalogInfoUrl);
      ctx.output('commitHash', commitHash);
    },
  });
}
