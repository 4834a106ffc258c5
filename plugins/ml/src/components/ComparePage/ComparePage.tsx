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
import { Entity, parseEntityRef } from '@backstage/catalog-model';
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
import type {
  Certification,
  EntityHealth,
  EntityReferences,
} from '@ml-marketplace/plugin-ml-common';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { mlApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import {
  CertificationBadge,
  HealthBadge,
} from '../MarketplacePage/AssetBadges';
import { completenessOf, metricRows } from './compareRows';
import { DeclaredRefLinks } from '../shared/DeclaredRefs';

const useStyles = makeStyles(theme => ({
  best: { fontWeight: 'bold', color: theme.palette.success.dark },
  section: {
    backgroundColor: theme.palette.background.default,
    fontWeight: 'bold',
  },
  label: { color: theme.palette.text.secondary, width: 200 },
}));

interface Compared {
  entity: Entity;
  certification?: Certification;
  health?: EntityHealth;
  /** Which of its declared refs the user may see. */
  references: EntityReferences | Error;
}

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

  const { value, loading, error } = useAsync(async (): Promise<Compared[]> => {
    const { items } = await catalogApi.getEntitiesByRefs({ entityRefs: refs });
    return Promise.all(
      items.flatMap((entity, i) => {
        if (!entity) {
          throw new Error(
            `${refs[i]} is not in the catalog, or you may not read it`,
          );
        }
        const ref = refs[i];
        return [
          Promise.all([
            mlApi.getCertification(ref).catch(() => undefined),
            mlApi.getHealth(ref).catch(() => undefined),
            mlApi
              .getReferences(ref)
              .catch((e: unknown) =>
                e instanceof Error ? e : new Error(String(e)),
              ),
          ]).then(([certification, health, references]) => ({
            entity,
            certification,
            health,
            references,
          })),
        ];
      }),
    );
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

  const models = value ?? [];
  const row = (label: string, cells: (c: Compared) => React.ReactNode) => (
    <TableRow key={label}>
      <TableCell className={classes.label} component="th" scope="row">
        {label}
      </TableCell>
      {models.map(m => (
        <TableCell key={m.entity.metadata.name}>{cells(m)}</TableCell>
      ))}
    </TableRow>
  );
  const section = (title: string) => (
    <TableRow key={`section-${title}`}>
      <TableCell className={classes.section} colSpan={models.length + 1}>
        {title}
      </TableCell>
    </TableRow>
  );
  const metrics = metricRows(models.map(m => m.entity));

  return (
    <Page themeId="tool">
      {header}
      <Content>
        {loading && <Progress />}
        {error && <ResponseErrorPanel error={error} />}
        {value && (
          <Paper>
            <Table size="small" aria-label="Model comparison">
              <TableHead>
                <TableRow>
                  <TableCell />
                  {models.map(m => (
                    <TableCell key={m.entity.metadata.name}>
                      <EntityRefLink
                        entityRef={m.entity}
                        title={m.entity.metadata.title}
                      />
                    </TableCell>
                  ))}
                </TableRow>
              </TableHead>
              <TableBody>
                {section('Metrics')}
                {metrics.length === 0 &&
                  row('Evaluation', () => <em>no results declared</em>)}
                {metrics.map(metric => (
                  <TableRow key={metric.label}>
                    <TableCell
                      className={classes.label}
                      component="th"
                      scope="row"
                    >
                      {metric.label}
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
