/*
 * Entity page layouts for the ML marketplace kinds. Each kind gets its own
 * layout so later cards (model card, KPIs, lineage, certification, health) slot
 * in where an ML engineer expects them.
 */
import { Grid } from '@material-ui/core';
import {
  EntityAboutCard,
  EntityLayout,
  EntityLinksCard,
} from '@backstage/plugin-catalog';
import {
  Direction,
  EntityCatalogGraphCard,
} from '@backstage/plugin-catalog-graph';
import {
  RELATION_DEPENDENCY_OF,
  RELATION_DEPENDS_ON,
} from '@backstage/catalog-model';
import { EntityMlSummaryCard } from '@ml-marketplace/plugin-ml';
import { ML_RELATIONS } from '@ml-marketplace/plugin-ml-common';
import { entityWarningContent } from './shared';

/** Lineage in both directions: the data a model learns from and who consumes it. */
const lineageGraph = (
  <EntityCatalogGraphCard
    title="Lineage"
    height={400}
    maxDepth={2}
    direction={Direction.LEFT_RIGHT}
    relations={[...ML_RELATIONS, RELATION_DEPENDS_ON, RELATION_DEPENDENCY_OF]}
    unidirectional={false}
  />
);

const mlOverview = (
  <Grid container spacing={3} alignItems="stretch">
    {entityWarningContent}
    <Grid item md={6} xs={12}>
      <EntityAboutCard />
    </Grid>
    <Grid item md={6} xs={12}>
      <EntityMlSummaryCard />
    </Grid>
    <Grid item md={8} xs={12}>
      {lineageGraph}
    </Grid>
    <Grid item md={4} xs={12}>
      <EntityLinksCard />
    </Grid>
  </Grid>
);

export const modelPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      {mlOverview}
    </EntityLayout.Route>
  </EntityLayout>
);

export const featurePage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      {mlOverview}
    </EntityLayout.Route>
  </EntityLayout>
);

export const datasetPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      {mlOverview}
    </EntityLayout.Route>
  </EntityLayout>
);
