import { z } from 'zod';

/**
 * Python's keywords: a project named after one has a package nobody can
 * `import`. The golden-path templates name their Python package after the
 * asset (`churn-model` -> `churn_model`).
 */
export const PYTHON_KEYWORDS = [
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
] as const;

/** What a golden-path name must be, beyond being free. */
export interface AssetNameRules {
  /** Longest name; Kubernetes and catalog names stop at 63. */
  maxLength?: number;
  /** The name also names a Python package: no keywords. */
  python?: boolean;
  /** Names the project cannot take, e.g. the libraries it imports. */
  reserved?: string[];
}

const FORM = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/**
 * What is wrong with a name, each in a sentence a person can act on (the
 * field's label goes before it); empty when the name follows the rules.
 */
export function assetNameProblems(
  name: string,
  rules: AssetNameRules = {},
): string[] {
  const problems: string[] = [];
  const maxLength = rules.maxLength ?? 63;
  if (!name) return ['is required'];
  if (name.length > maxLength) {
    problems.push(
      `is ${name.length} characters long; use at most ${maxLength}`,
    );
  }
  if (!FORM.test(name)) {
    const hints: string[] = [];
    if (/[A-Z]/.test(name)) hints.push('lowercase letters only');
    if (/\s/.test(name)) hints.push('dashes instead of spaces');
    if (/_/.test(name)) hints.push('dashes instead of underscores');
    if (/[^A-Za-z0-9\s_-]/.test(name)) {
      const odd = [...new Set(name.replace(/[A-Za-z0-9\s_-]/g, ''))].join(' ');
      hints.push(`no ${odd}`);
    }
    if (!/^[A-Za-z]/.test(name)) hints.push('a letter first');
    if (/--|-$|^-/.test(name)) hints.push('single dashes between words');
    const suggestion = suggestAssetName(name);
    problems.push(
      `may use lowercase letters, digits and single dashes and must start with a letter${
        hints.length ? ` (${hints.join(', ')})` : ''
      }${suggestion && suggestion !== name ? `, e.g. ${suggestion}` : ''}`,
    );
  }
  if (rules.python && (PYTHON_KEYWORDS as readonly string[]).includes(name)) {
    problems.push(
      `"${name}" is a Python keyword, and the name also names the Python package; try ${name}-model or another word`,
    );
  }
  if (rules.reserved?.includes(name)) {
    problems.push(
      `"${name}" is already used inside the project (a library it imports, or its tests), so a package of that name would break it; pick another name`,
    );
  }
  return problems;
}

/** The nearest name that follows the form: "My Model!" -> "my-model". */
export function suggestAssetName(name: string): string | undefined {
  const suggestion = name
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '');
  return suggestion || undefined;
}

/** Query of `GET /api/ml/names/check`. */
export const nameCheckQuerySchema = z.object({
  name: z
    .string({ error: 'name is required: the name to check' })
    .min(1, { error: 'name is required: the name to check' })
    .max(253, { error: 'name must be at most 253 characters' }),
  namespace: z
    .string({ error: 'namespace must be text' })
    .max(63, { error: 'namespace must be at most 63 characters' })
    .default('default'),
  registry: z
    .enum(['true', 'false'], {
      error: 'registry must be true or false: also ask the model registries',
    })
    .default('false')
    .transform(v => v === 'true'),
});

/** Where a name is already used. */
export interface NameTaken {
  where: 'catalog' | 'registry';
  /** Catalog: the entity, when the caller may read it. */
  entityRef?: string;
  title?: string;
  /** Registry: its id (`ml.registries.mlflow[].id`). */
  registryId?: string;
  /** For people: "Model Churn prediction (model:default/churn-model)". */
  message: string;
}

/** Answer of `GET /api/ml/names/check`. */
export interface NameCheckResponse {
  name: string;
  /** Nobody uses it where the check looked. */
  available: boolean;
  taken: NameTaken[];
  /** Registries that could not be asked, with why; the name may be taken there. */
  unchecked: string[];
}
