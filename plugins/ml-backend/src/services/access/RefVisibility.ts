import type {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type {
  AuditEntry,
  Certification,
  EntityHealth,
  EntityReferences,
} from '@ml-marketplace/plugin-ml-common';
import { entityRefOf } from '../entityRefs';
import { declaredRefs } from '../health/checks/declaredRefs';
import type { ReadableEntities } from './ReadableEntities';
import { Redaction, refsInText, textsOf } from './Redaction';

const BATCH = 1000;
const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Tells, per reader, the assets they may not see (they exist, but the
 * catalog's read permission hides them) from refs to nothing. Health results,
 * evidence and audit reasons are computed over the whole catalog and stored
 * in full; answers are redacted here for their reader, so a reader is told
 * that an asset is not visible to them, never its name, and never that it is
 * missing. A reader the policy lets read everything costs no catalog request.
 */
export class RefVisibility {
  constructor(
    private readonly options: {
      readable: ReadableEntities;
      catalog: CatalogService;
      auth: AuthService;
    },
  ) {}

  /** The refs among `refs` that exist but the reader may not read, with their titles. */
  async hidden(
    refs: Iterable<string>,
    credentials: BackstageCredentials,
  ): Promise<Map<string, string | undefined>> {
    const all = [...new Set([...refs].map(lower))];
    const readable = await this.options.readable.filter(all, credentials);
    const unreadable = all.filter(ref => !readable.has(ref));
    return unreadable.length ? this.existing(unreadable) : new Map();
  }

  /** Each ref as the reader may know it: visible, hidden from them, or missing. */
  async classify(
    refs: Iterable<string>,
    credentials: BackstageCredentials,
  ): Promise<Map<string, 'visible' | 'hidden' | 'missing'>> {
    const all = [...new Set([...refs].map(lower))];
    const [readable, existing] = await Promise.all([
      this.options.readable.filter(all, credentials),
      this.existing(all),
    ]);
    const statusOf = (ref: string) => {
      // A reader allowed everything "reads" refs to nothing too.
      if (!existing.has(ref)) return 'missing' as const;
      return readable.has(ref) ? ('visible' as const) : ('hidden' as const);
    };
    return new Map(all.map(ref => [ref, statusOf(ref)]));
  }

  /** The redaction for one reader of texts about `entity` (and what it relates to). */
  async redaction(
    texts: string[],
    credentials: BackstageCredentials,
    entity?: Entity,
  ): Promise<Redaction> {
    const refs = new Set(texts.flatMap(refsInText));
    if (entity) {
      // Titles of related assets may be mentioned without their refs.
      for (const r of entity.relations ?? []) refs.add(lower(r.targetRef));
      for (const r of declaredRefs(entity)) refs.add(r.ref);
      refs.delete(entityRefOf(entity));
    }
    if (!refs.size) return Redaction.none;
    const hidden = await this.hidden(refs, credentials);
    return hidden.size ? new Redaction(hidden) : Redaction.none;
  }

  async health(
    health: EntityHealth,
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<EntityHealth> {
    return (
      await this.redaction(textsOf.health(health), credentials, entity)
    ).health(health);
  }

  async certification(
    certification: Certification,
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<Certification> {
    return (
      await this.redaction(
        textsOf.certification(certification),
        credentials,
        entity,
      )
    ).certification(certification);
  }

  async audit(
    entries: AuditEntry[],
    credentials: BackstageCredentials,
  ): Promise<AuditEntry[]> {
    return (await this.redaction(textsOf.audit(entries), credentials)).audit(
      entries,
    );
  }

  /** The refs the entity's spec declares, each as the reader may know it. */
  async references(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<EntityReferences> {
    const declared = declaredRefs(entity);
    const status = await this.classify(
      declared.map(d => d.ref),
      credentials,
    );
    return {
      entityRef: entityRefOf(entity),
      references: declared.map(({ field, ref }) => {
        const s = status.get(ref)!;
        return s === 'hidden'
          ? { field, status: s }
          : { field, status: s, ref };
      }),
    };
  }

  /** Which refs the catalog holds, as the plugin itself sees it, with titles. */
  private async existing(
    refs: string[],
  ): Promise<Map<string, string | undefined>> {
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const found = new Map<string, string | undefined>();
    for (let i = 0; i < refs.length; i += BATCH) {
      const batch = refs.slice(i, i + BATCH);
      const { items } = await this.options.catalog.getEntitiesByRefs(
        {
          entityRefs: batch,
          fields: [
            'kind',
            'metadata.namespace',
            'metadata.name',
            'metadata.title',
          ],
        },
        { credentials },
      );
      items.forEach((item, index) => {
        if (item) found.set(batch[index], item.metadata.title);
      });
    }
    return found;
  }
}
