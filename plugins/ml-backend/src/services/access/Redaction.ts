import type {
  AuditEntry,
  Certification,
  EntityHealth,
} from '@ml-marketplace/plugin-ml-common';

/**
 * Full entity refs in free text, e.g. `dataset:default/crm-accounts`. Not
 * preceded by a name character, a colon or a slash, so URLs such as
 * `postgresql://warehouse/x` or `https://host/a:b/c` are not taken for refs.
 */
const REF_IN_TEXT =
  /(?<![\w:/.-])[a-z][a-z0-9]*:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\/[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?(?![\w-]|\.\w)/gi;

/** Every full entity ref the text mentions, lower-cased. */
export function refsInText(text: string): string[] {
  return [...text.matchAll(REF_IN_TEXT)].map(m =>
    m[0].toLocaleLowerCase('en-US'),
  );
}

// Marks a hidden mention until runs of them are worded; a private-use
// character, so it never stands for anything a check wrote.
const MARK = '\uE000';
/** A mention with the note a check wrote after it, e.g. ` (spec.trainedOn[1])`. */
const MENTION = `${MARK}(?: \\(([^()]*)\\))?`;
const MENTION_RUN = new RegExp(`${MENTION}(?:(?:, |; | and )${MENTION})*`, 'g');
const ONE_MENTION = new RegExp(MENTION, 'g');

/** Titles shorter than this are too likely to be ordinary words to redact. */
const MIN_TITLE_LENGTH = 3;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whole mentions of any of `names`: not part of a longer ref or word. */
function mentionsOf(names: string[], flags: string): RegExp {
  // Longest first, so a title that contains another is replaced whole.
  const alternatives = [...new Set(names)]
    .sort((a, b) => b.length - a.length)
    .map(escape);
  return new RegExp(
    `(?<![\\w:/.-])(?:${alternatives.join('|')})(?![\\w-]|\\.\\w)`,
    flags,
  );
}

/**
 * What one reader may not see in a stored message. Results, evidence and
 * audit reasons keep full detail in the database, for those who may read
 * everything; each answer is redacted for its reader. A hidden asset is
 * neither named (ref or title) nor said to be missing: its mention becomes
 * "an asset not visible to you", and a run of them "2 assets not visible to
 * you", keeping the notes a check wrote after them (which spec field).
 */
export class Redaction {
  static readonly none = new Redaction(new Map());

  /** Refs in any case; titles as written, so ordinary words are left alone. */
  private readonly patterns: RegExp[];

  /** @param hidden lower-case refs the reader may not read, with their titles. */
  constructor(hidden: Map<string, string | undefined>) {
    const refs = [...hidden.keys()];
    const titles = [...hidden.values()]
      .map(title => title?.trim() ?? '')
      .filter(title => title.length >= MIN_TITLE_LENGTH);
    this.patterns = [
      ...(refs.length ? [mentionsOf(refs, 'gi')] : []),
      ...(titles.length ? [mentionsOf(titles, 'g')] : []),
    ];
  }

  /** True when the reader may see everything the texts mention. */
  get isEmpty(): boolean {
    return !this.patterns.length;
  }

  text(text: string): string {
    if (this.isEmpty || !text) return text;
    const marked = this.patterns.reduce((t, p) => t.replace(p, MARK), text);
    if (marked === text) return text;
    return marked.replace(MENTION_RUN, run => {
      const count = run.split(MARK).length - 1;
      const notes = [...run.matchAll(ONE_MENTION)]
        .map(m => m[1])
        .filter(Boolean);
      const what =
        count === 1
          ? 'an asset not visible to you'
          : `${count} assets not visible to you`;
      return notes.length ? `${what} (${notes.join('; ')})` : what;
    });
  }

  health(health: EntityHealth): EntityHealth {
    if (this.isEmpty) return health;
    return {
      ...health,
      results: health.results.map(r => ({
        ...r,
        message: this.text(r.message),
        ...(r.fixHint && { fixHint: this.text(r.fixHint) }),
      })),
      history: health.history.map(h => ({
        ...h,
        message: this.text(h.message),
      })),
    };
  }

  certification(certification: Certification): Certification {
    if (this.isEmpty) return certification;
    const { approval, revoked } = certification;
    return {
      ...certification,
      evidence: certification.evidence.map(e => ({
        ...e,
        detail: this.text(e.detail),
      })),
      ...(approval && {
        approval: { ...approval, reason: this.text(approval.reason) },
      }),
      ...(revoked && {
        revoked: { ...revoked, reason: this.text(revoked.reason) },
      }),
    };
  }

  audit(entries: AuditEntry[]): AuditEntry[] {
    if (this.isEmpty) return entries;
    return entries.map(e => ({ ...e, reason: this.text(e.reason) }));
  }
}

/** The texts of an answer that may mention other entities. */
export const textsOf = {
  health: (h: EntityHealth): string[] => [
    ...h.results.flatMap(r => [r.message, r.fixHint ?? '']),
    ...h.history.map(e => e.message),
  ],
  certification: (c: Certification): string[] => [
    ...c.evidence.map(e => e.detail),
    c.approval?.reason ?? '',
    c.revoked?.reason ?? '',
  ],
  audit: (entries: AuditEntry[]): string[] => entries.map(e => e.reason),
};
