import type {
  RegistrySignature,
  RegistrySignatureField,
} from '@ml-marketplace/plugin-ml-common';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { mlflowSignatureSpec, mlmodelFile } from './schemas';
import type { MlflowModelVersion } from './schemas';

/**
 * Sources the tracking server reads itself: logged models, run artifacts,
 * its proxied artifact store and local paths. A raw cloud URI (`s3://…`)
 * would make the server fetch from that store with its own credentials, if
 * any, so those versions are not asked for.
 */
const SERVED_SOURCE = /^(models:|runs:|mlflow-artifacts:|file:|\/|[^:]*$)/;

/**
 * The versions worth a signature: those an alias or a legacy stage points at
 * (what serves) and the newest (what will). Others are history.
 */
export function versionsForSignature(
  versions: MlflowModelVersion[],
  aliases: Record<string, string>,
): MlflowModelVersion[] {
  const aliased = new Set(Object.values(aliases));
  const newest = versions.reduce<MlflowModelVersion | undefined>(
    (best, v) => (!best || Number(v.version) > Number(best.version) ? v : best),
    undefined,
  );
  return versions.filter(
    v =>
      (v === newest ||
        aliased.has(v.version) ||
        (v.aliases?.length ?? 0) > 0 ||
        v.current_stage === 'Production' ||
        v.current_stage === 'Staging') &&
      (!v.status || v.status === 'READY') &&
      SERVED_SOURCE.test(v.source ?? ''),
  );
}

function fieldOf(
  spec: z.infer<typeof mlflowSignatureSpec>,
): RegistrySignatureField {
  let type = spec.type;
  let shape: number[] | undefined;
  if (spec.type === 'tensor' && spec['tensor-spec']) {
    type = `tensor<${spec['tensor-spec'].dtype}>`;
    shape = spec['tensor-spec'].shape;
  } else if (spec.type === 'array' && spec.items) {
    type = `array<${spec.items.type}>`;
  }
  return {
    ...(spec.name && { name: spec.name }),
    type,
    ...(spec.required === false && { optional: true }),
    ...(shape && { shape }),
  };
}

function specsOf(text: string | null | undefined, which: string) {
  if (!text) return [];
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`its signature ${which} are not JSON`);
  }
  const parsed = z.array(mlflowSignatureSpec).safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `its signature ${which} are not a list of column or tensor specs`,
    );
  }
  return parsed.data.map(fieldOf);
}

/**
 * The signature in an MLmodel file; `undefined` when the model was logged
 * without one. Throws, in words, when the file cannot be read.
 */
export function signatureOfMlmodel(
  text: string,
): RegistrySignature | undefined {
  let yaml: unknown;
  try {
    yaml = parseYaml(text);
  } catch {
    throw new Error('its MLmodel file is not YAML');
  }
  const parsed = mlmodelFile.safeParse(yaml);
  if (!parsed.success) throw new Error('its MLmodel file is not a mapping');
  const signature = parsed.data.signature;
  if (!signature?.inputs && !signature?.outputs) return undefined;
  return {
    inputs: specsOf(signature.inputs, 'inputs'),
    outputs: specsOf(signature.outputs, 'outputs'),
  };
}
