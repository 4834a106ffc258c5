import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '@backstage/config';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import git from 'isomorphic-git';

/** The branch every published repository gets. */
export const LOCAL_REPOSITORY_BRANCH = 'main';

/** Repository names: what a git host would accept in a URL, and no dot-dot. */
const NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/i;

export interface PublishedRepository {
  /** Bare git repository on the portal's machine; `git clone <gitDir>` works. */
  gitDir: string;
  /** The commit that holds the published files. */
  commit: string;
  branch: string;
}

/**
 * Git repositories on the portal's own machine: the embedded default's stand-in
 * for GitHub. `ml:publish:local` commits a scaffolded project into a bare
 * repository under `ml.localRepositories.directory`; the `ml` backend serves
 * its committed files over HTTP so the catalog can read `catalog-info.yaml`
 * through a URL, as it would from a git host.
 */
export class LocalRepositories {
  static fromConfig(
    config: Config,
    options: { cwd?: string } = {},
  ): LocalRepositories | undefined {
    const directory = config.getOptionalString(
      'ml.localRepositories.directory',
    );
    if (!directory) return undefined;
    return new LocalRepositories(
      path.resolve(options.cwd ?? process.cwd(), directory),
    );
  }

  constructor(readonly directory: string) {}

  /** Where the bare repository called `name` lives; refuses names that could leave the directory. */
  gitDir(name: string): string {
    if (!NAME.test(name) || name.includes('..')) {
      throw new InputError(
        `Repository name ${JSON.stringify(
          name,
        )} is not allowed; use letters, digits, ".", "_" and "-", starting with a letter or digit`,
      );
    }
    return path.join(this.directory, `${name}.git`);
  }

  exists(name: string): boolean {
    return fs.existsSync(path.join(this.gitDir(name), 'HEAD'));
  }

  /** Throws when `name` is taken: checked before publishing and by dry runs. */
  assertAvailable(name: string): void {
    if (this.exists(name)) {
      throw new ConflictError(
        `Repository ${JSON.stringify(name)} already exists in ${
          this.directory
        }; choose another name or delete ${this.gitDir(name)}`,
      );
    }
  }

  /**
   * Commits every file of `sourceDir` (honouring its .gitignore) as the first
   * commit of a new bare repository `name`. Refuses to touch an existing one.
   */
  async publish(
    name: string,
    sourceDir: string,
    commit: { message: string; author: { name: string; email: string } },
  ): Promise<PublishedRepository> {
    const gitdir = this.gitDir(name);
    this.assertAvailable(name);
    await fs.promises.mkdir(this.directory, { recursive: true });
    // Build in a sibling directory and rename, so a failure leaves nothing
    // half-made under the published name.
    const staging = await fs.promises.mkdtemp(
      path.join(this.directory, `.${name}.staging-`),
    );
    try {
      await git.init({
        fs,
        gitdir: staging,
        bare: true,
        defaultBranch: LOCAL_REPOSITORY_BRANCH,
      });
      for (const filepath of await this.filesIn(sourceDir)) {
        const where = { fs, dir: sourceDir, gitdir: staging, filepath };
        if (await git.isIgnored(where)) continue;
        // Symlinks are committed as links, never followed.
        await git.add(where);
      }
      const oid = await git.commit({
        fs,
        dir: sourceDir,
        gitdir: staging,
        message: commit.message,
        author: commit.author,
      });
      // A bare repository keeps no index; ours was only needed to commit.
      await fs.promises.rm(path.join(staging, 'index'), { force: true });
      await fs.promises.rename(staging, gitdir);
      return { gitDir: gitdir, commit: oid, branch: LOCAL_REPOSITORY_BRANCH };
    } catch (error) {
      await fs.promises.rm(staging, { recursive: true, force: true });
      throw error;
    }
  }

  /** Workspace-relative paths of every file under `dir`, `.git` excluded. */
  private async filesIn(dir: string, prefix = ''): Promise<string[]> {
    const entries = await fs.promises.readdir(path.join(dir, prefix), {
      withFileTypes: true,
    });
    const files: string[] = [];
    for (const entry of entries) {
      const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
      if (entry.name === '.git') continue;
      if (entry.isDirectory()) files.push(...(await this.filesIn(dir, rel)));
      else files.push(rel);
    }
    return files.sort();
  }

  /**
   * A committed file: `ref` is a branch, tag or commit of repository `name`.
   * Reads the git objects, never the file system, so only what was published
   * can be served.
   */
  async readFile(
    name: string,
    ref: string,
    filepath: string,
  ): Promise<{ content: Buffer; oid: string }> {
    const gitdir = this.gitDir(name);
    if (!this.exists(name)) {
      throw new NotFoundError(`No repository ${JSON.stringify(name)}`);
    }
    let commit: string;
    try {
      commit = await git.resolveRef({ fs, gitdir, ref });
    } catch {
      if (!/^[0-9a-f]{40}$/.test(ref)) {
        throw new NotFoundError(
          `Repository ${JSON.stringify(name)} has no ref ${JSON.stringify(
            ref,
          )}`,
        );
      }
      commit = ref;
    }
    try {
      const { blob, oid } = await git.readBlob({
        fs,
        gitdir,
        oid: commit,
        filepath,
      });
      return { content: Buffer.from(blob), oid };
    } catch {
      throw new NotFoundError(
        `Repository ${JSON.stringify(name)} has no file ${JSON.stringify(
          filepath,
        )} at ${ref}`,
      );
    }
  }
}
