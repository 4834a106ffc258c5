import {
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import {
  CodeSnippet,
  EmptyState,
  InfoCard,
  InfoCardVariants,
} from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import {
  ANNOTATION_MLFLOW_INSTANCE,
  ANNOTATION_MLFLOW_MODEL_NAME,
  ModelEntity,
  isModelEntity,
} from '@ml-marketplace/plugin-ml-common';

/** One version of a registered model, as the registry integration will supply it. */
export interface EntityModelVersion {
  version: string;
  aliases: string[];
  stage?: string;
  /** ISO 8601 timestamp. */
  createdAt?: string;
  description?: string;
}

/** Props of {@link EntityVersionsCard}. */
export interface EntityVersionsCardProps {
  /**
   * The model's versions, newest first. When given they are shown as a table;
   * when left out the card explains how to connect a registry. Loading and
   * errors are the caller's to handle.
   */
  versions?: EntityModelVersion[];
  variant?: InfoCardVariants;
}

/** The registered model in MLflow: `spec.registry.mlflow`, else the annotations. */
function mlflowModelOf(
  entity: ModelEntity,
): { name: string; instance?: string } | undefined {
  const fromSpec = entity.spec.registry?.mlflow;
  if (fromSpec?.name) {
    return { name: fromSpec.name, instance: fromSpec.instance };
  }
  const annotations = entity.metadata.annotations ?? {};
  const name = annotations[ANNOTATION_MLFLOW_MODEL_NAME]?.trim();
  if (!name) return undefined;
  return { name, instance: annotations[ANNOTATION_MLFLOW_INSTANCE] };
}

const pad = (n: number) => String(n).padStart(2, '0');

/** `2025-03-01` (UTC), the input if it is not a date. */
function formatDay(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(
    d.getUTCDate(),
  )}`;
}

const registryConfigYaml = (instance = 'default') => `# app-config.yaml
ml:
  registries:
    mlflow:
      - id: ${instance}
        baseUrl: https://mlflow.example.com
`;

const LINK_MODEL_YAML = `spec:
  registry:
    mlflow:
      name: churn-model   # the registered model name in MLflow
      alias: champion     # optional: the alias that serves
`;

function VersionsTable(props: { versions: EntityModelVersion[] }) {
  return (
    <Table size="small" aria-label="Model versions">
      <TableHead>
        <TableRow>
          <TableCell>Version</TableCell>
          <TableCell>Aliases</TableCell>
          <TableCell>Stage</TableCell>
          <TableCell>Created</TableCell>
          <TableCell>Description</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {props.versions.map(v => (
          <TableRow key={v.version}>
            <TableCell>{v.version}</TableCell>
            <TableCell>
              {v.aliases.length
                ? v.aliases.map(alias => (
                    <Chip
                      key={alias}
                      size="small"
                      label={alias}
                      color="primary"
                      variant="outlined"
                    />
                  ))
                : '—'}
            </TableCell>
            <TableCell>{v.stage ?? '—'}</TableCell>
            <TableCell>
              {v.createdAt ? (
                <time dateTime={v.createdAt}>{formatDay(v.createdAt)}</time>
              ) : (
                '—'
              )}
            </TableCell>
            <TableCell>{v.description ?? ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function VersionsContent(props: {
  entity: ModelEntity;
  versions?: EntityModelVersion[];
}) {
  const { entity, versions } = props;
  const mlflow = mlflowModelOf(entity);

  if (versions?.length) return <VersionsTable versions={versions} />;

  if (versions) {
    return (
      <EmptyState
        missing="data"
        title="No versions registered yet"
        description={
          mlflow
            ? `MLflow model ${mlflow.name} has no versions yet.`
            : 'The registry has no versions of this model yet.'
        }
      />
    );
  }

  if (mlflow) {
    return (
      <EmptyState
        missing="field"
        title="Registry not configured"
        description={
          <>
            Versions of MLflow model <strong>{mlflow.name}</strong> appear once{' '}
            <code>ml.registries.mlflow</code> is configured in app-config.
          </>
        }
        action={
          <CodeSnippet
            language="yaml"
            text={registryConfigYaml(mlflow.instance)}
            showCopyCodeButton
          />
        }
      />
    );
  }

  return (
    <EmptyState
      missing="field"
      title="Not linked to a registry"
      description={
        <>
          Link this model to its registered model to see versions, aliases and
          stages: set <code>spec.registry.mlflow.name</code> in its
          catalog-info.yaml (or the annotation{' '}
          <code>{ANNOTATION_MLFLOW_MODEL_NAME}</code>).
        </>
      }
      action={
        <CodeSnippet
          language="yaml"
          text={LINK_MODEL_YAML}
          showCopyCodeButton
        />
      }
    />
  );
}

/**
 * A Model's registered versions with their aliases, stages and dates. The
 * registry integration feeds `versions`; until then the card says what to
 * configure: the registry in app-config, or the link from the model to it.
 *
 * On entities other than Models it shows a one-line notice.
 */
export function EntityVersionsCard(props: EntityVersionsCardProps) {
  const { entity } = useEntity();
  return (
    <InfoCard title="Versions" variant={props.variant}>
      {isModelEntity(entity) ? (
        <VersionsContent entity={entity} versions={props.versions} />
      ) : (
        <Typography variant="body2">
          {`Registry versions are shown for Model entities; this entity is a ${entity.kind}.`}
        </Typography>
      )}
    </InfoCard>
  );
}
