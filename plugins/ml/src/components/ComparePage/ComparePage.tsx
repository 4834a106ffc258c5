import { Fragment } from 'react';
import {
  Content,
  Header,
  Link,
  Page,
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { EntityRefLink, catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  Paper,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
  makeStyles,
} from '@material-ui/core';
import {
  isModelEntity,
  type Certification,
  type EntityHealth,
  type EntityReferences,
  type ModelEvaluation,
  type RatingSummary,
} from '@ml-marketplace/plugin-ml-common';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { mlApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  CertificationBadge,
  HealthBadge,
  RatingBadge,
} from '../MarketplacePage/AssetBadges';
import {
  comparabilityWarnings,
  completenessOf,
  metricRows,
  servingMetrics,
  type ServingMetrics,
} from './compareRows';
import { DeclaredRefLinks } from '../shared/DeclaredRefs';

const useStyles = makeStyles(theme => ({
  best: { fontWeight: 'bold', color: theme.palette.success.dark },
  section: {
    backgroundColor: theme.palette.background.default,
    fontWeight: 'bold',
  },
  label: { color: theme.palette.text.secondary, width: 200 },
  note: { display: 'block', color: theme.palette.text.secondary },
  error: { color: theme.palette.error.main },
}));

interface Compared {
  ref: string;
  entity: Entity;
  certification?: Certification;
  health?: EntityHealth;
  /** Which of its declared refs the user may see. */
  references: EntityReferences | Error;
  /** Metrics of the registry version that serves it, when synced. */
  serving?: ServingMetrics;
  /** Its users' ratings; absent when they could not be read. */
  rating?: RatingSummary;
}

/** A ref that could not be compared, and why. */
interface Unreadable {
  ref: string;
  error: string;
}

type Column = Compared | Unreadable;
const isCompared = (c: Column): c is Compared => 'entity' in c;

/** The refs of one spec field the user may see; those hidden are counted, not named. */
function refsList(model: Compared, field: string) {
  const list = model.entity.spec?.[field];
  if (!Array.isArray(list) || !list.length) return <em>none</em>;
  return (
    <DeclaredRefLinks
      references={model.references}
      field={field}
      declared={list.length}
    />
  );
}

/**
 * Two to four models side by side: metrics with the best highlighted, card,
 * training data, features, certification, health and licence.
 */
export function ComparePage() {
  const classes = useStyles();
  const catalogApi = useApi(catalogApiRef);
  const mlApi = useApi(mlApiRef);
  const marketplace = useRouteRef(rootRouteRef);
  const [params] = useSearchParams();
  const refs = (params.get('refs') ?? '')
    .split(',')
    .map(r => r.trim())
    .filter(Boolean);

  const { value, loading, error } = useAsync(async (): Promise<{
    columns: Column[];
    datasetTitles: Map<string, string>;
  }> => {
    const { items } = await catalogApi.getEntitiesByRefs({ entityRefs: refs });
    // One bad or unreadable ref shows as its own column; the rest compare.
    const columns = await Promise.all(
      items.map(async (entity, i): Promise<Column> => {
        const ref = refs[i];
        if (!entity) {
          return {
            ref,
            error: 'not in the catalog, or you may not read it',
          };
        }
        if (!isModelEntity(entity)) {
          return { ref, error: `a ${entity.kind}, not a Model` };
        }
        const [certification, health, references, registry, feedback] =
          await Promise.all([
            mlApi.getCertification(ref).catch(() => undefined),
            mlApi.getHealth(ref).catch(() => undefined),
            mlApi
              .getReferences(ref)
              .catch((e: unknown) =>
                e instanceof Error ? e : new Error(String(e)),
              ),
            mlApi.getRegistryModel(ref).catch(() => undefined),
            mlApi.getFeedback(ref).catch(() => undefined),
          ]);
        return {
          ref,
          entity,
          certification,
          health,
          references,
          serving: servingMetrics(registry),
          rating: feedback?.summary,
        };
      }),
    );
    // Evaluation datasets by title; one the reader may not see is not named.
    const datasets = [
      ...new Set(
        columns
          .filter(isCompared)
          .flatMap(c =>
            ((c.entity.spec?.evaluation as ModelEvaluation[]) ?? [])
              .map(e => e.dataset)
              .filter((d): d is string => !!d),
          ),
      ),
    ];
    const datasetTitles = new Map<string, string>();
    if (datasets.length) {
      const found = await catalogApi
        .getEntitiesByRefs({
          entityRefs: datasets.map(d =>
            stringifyEntityRef(
              parseEntityRef(d, {
                defaultKind: 'dataset',
                defaultNamespace: 'default',
              }),
            ),
          ),
        })
        .catch(() => ({ items: datasets.map(() => undefined) }));
      datasets.forEach((d, i) => {
        const dataset = found.items[i];
        datasetTitles.set(
          d,
          dataset
            ? dataset.metadata.title ?? dataset.metadata.name
            : 'a dataset not visible to you',
        );
      });
    }
    return { columns, datasetTitles };
  }, [params.get('refs')]);

  const header = (
    <Header
      title="Compare models"
      subtitle="Side by side, best metrics highlighted"
    />
  );
  if (refs.length < 2 || refs.length > 4) {
    return (
      <Page themeId="tool">
        {header}
        <Content>
          <WarningPanel
            defaultExpanded
            title="Pick two to four models"
            message={
              <>
                Tick "Compare" on two to four models in the{' '}
                <Link to={marketplace()}>marketplace</Link>; this page got{' '}
                {refs.length}.
              </>
            }
          />
        </Content>
      </Page>
    );
  }

  const columns = value?.columns ?? [];
  const titleOf = (ref: string) => value?.datasetTitles.get(ref) ?? ref;
  const row = (label: string, cells: (c: Compared) => React.ReactNode) => (
    <TableRow key={label}>
      <TableCell className={classes.label} component="th" scope="row">
        {label}
      </TableCell>
      {columns.map(c => (
        <TableCell key={c.ref}>{isCompared(c) ? cells(c) : '–'}</TableCell>
      ))}
    </TableRow>
  );
  const section = (title: string) => (
    <TableRow key={`section-${title}`}>
      <TableCell className={classes.section} colSpan={columns.length + 1}>
        {title}
      </TableCell>
    </TableRow>
  );
  const metrics = metricRows(
    columns.map(c => (isCompared(c) ? c : {})),
    titleOf,
  );
  const warnings = comparabilityWarnings(
    columns.filter(isCompared).map(c => c.entity),
    titleOf,
  );

  return (
    <Page themeId="tool">
      {header}
      <Content>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {warnings.length > 0 && (
          <WarningPanel
            defaultExpanded
            title="These models may not compare"
            message={
              <>
                {warnings.map(w => (
                  <Typography key={w} variant="body2">
                    {w}
                  </Typography>
                ))}
              </>
            }
          />
        )}
        {value && (
          <Paper>
            <Table size="small" aria-label="Model comparison">
              <TableHead>
                <TableRow>
                  <TableCell />
                  {columns.map(c => (
                    <TableCell key={c.ref}>
                      {isCompared(c) ? (
                        <EntityRefLink
                          entityRef={c.entity}
                          title={c.entity.metadata.title}
                        />
                      ) : (
                        <span role="alert" className={classes.error}>
                          {c.ref}: {c.error}
                        </span>
                      )}
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {section('Metrics')}
                {metrics.length === 0 &&
                  row('Evaluation', () => <em>no results</em>)}
                {metrics.map(metric => (
                  <TableRow key={metric.label}>
                    <TableCell
                      className={classes.label}
                      component="th"
                      scope="row"
                    >
                      {metric.label}
                      <Typography variant="caption" display="block">
                        {metric.source === 'declared'
                          ? 'declared in the catalog'
                          : 'registry, serving version'}
                        {!metric.higherIsBetter && ', lower is better'}
                      </Typography>
                      {metric.threshold !== undefined && (
                        <Typography variant="caption" display="block">
                          threshold {metric.threshold} (
                          {metric.higherIsBetter ? 'higher' : 'lower'} is
                          better)
                        </Typography>
                      )}
                    </TableCell>
                    {metric.values.map((v, i) => (
                      <TableCell
                        key={i}
                        className={
                          metric.best.includes(i) ? classes.best : undefined
                        }
                        aria-label={
                          metric.best.includes(i) ? `${v} (best)` : undefined
                        }
                      >
                        {v ?? '–'}
                        {metric.notes[i] && (
                          <Typography
                            variant="caption"
                            className={classes.note}
                          >
                            {metric.notes[i]}
                          </Typography>
                        )}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
                {section('Trust')}
                {row('Certification', m =>
                  m.certification?.level ? (
                    <CertificationBadge level={m.certification.level} />
                  ) : (
                    'not certified'
                  ),
                )}
                {row('Health', m =>
                  m.health?.status ? (
                    <HealthBadge status={m.health.status} />
                  ) : (
                    'not checked'
                  ),
                )}
                {row('Rating', m =>
                  m.rating?.count && m.rating.average !== undefined ? (
                    <RatingBadge
                      rating={{
                        average: m.rating.average,
                        count: m.rating.count,
                      }}
                    />
                  ) : (
                    'not rated yet'
                  ),
                )}
                {row('Card completeness', m => `${completenessOf(m.entity)}%`)}
                {row('Licence', m =>
                  m.entity.spec?.license ? (
                    String(m.entity.spec.license)
                  ) : (
                    <em>none</em>
                  ),
                )}
                {row('Lifecycle', m => String(m.entity.spec?.lifecycle ?? ''))}
                {row('Classification', m =>
                  String(m.entity.spec?.classification ?? 'not classified'),
                )}
                {section('What it is')}
                {row('Owner', m =>
                  m.entity.spec?.owner ? (
                    <EntityRefLink
                      entityRef={parseEntityRef(String(m.entity.spec.owner), {
                        defaultKind: 'group',
                        defaultNamespace: m.entity.metadata.namespace,
                      })}
                    />
                  ) : null,
                )}
                {row('Task', m => String(m.entity.spec?.task ?? ''))}
                {row('Framework', m => String(m.entity.spec?.framework ?? ''))}
                {row('Training data', m => refsList(m, 'trainedOn'))}
                {row('Features', m => refsList(m, 'consumesFeatures'))}
                {row('Intended use', m => (
                  <Fragment>
                    {String(
                      (m.entity.spec?.modelCard as any)?.intendedUse ?? '',
                    ) || <em>not documented</em>}
                  </Fragment>
                ))}
              </TableBody>
            </Table>
          </Paper>
        )}
      </Content>
    </Page>
  );
}
