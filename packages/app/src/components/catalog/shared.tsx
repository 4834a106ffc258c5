import { Grid } from '@material-ui/core';
import {
  EntityOrphanWarning,
  EntityProcessingErrorsPanel,
  EntityRelationWarning,
  EntitySwitch,
  hasCatalogProcessingErrors,
  hasRelationWarnings,
  isOrphan,
} from '@backstage/plugin-catalog';

const orphanWarning = (
  <EntitySwitch>
    <EntitySwitch.Case if={isOrphan}>
      <Grid item xs={12}>
        <EntityOrphanWarning />
      </Grid>
    </EntitySwitch.Case>
  </EntitySwitch>
);

const processingErrors = (
  <EntitySwitch>
    <EntitySwitch.Case if={hasCatalogProcessingErrors}>
      <Grid item xs={12}>
        <EntityProcessingErrorsPanel />
      </Grid>
    </EntitySwitch.Case>
  </EntitySwitch>
);

/**
 * Orphan and processing-error banners for ML assets. The stock relation
 * warning is left out: it names every ref the reader cannot load, so a
 * restricted input would be named to those who may not see it, and called
 * missing; the ML cards count such inputs instead, and the refs-resolve check
 * reports refs that are truly missing.
 */
export const mlEntityWarningContent = (
  <>
    {orphanWarning}
    {processingErrors}
  </>
);

/** Orphan, relation and processing-error banners, shown on every entity page. */
export const entityWarningContent = (
  <>
    {orphanWarning}
    <EntitySwitch>
      <EntitySwitch.Case if={hasRelationWarnings}>
        <Grid item xs={12}>
          <EntityRelationWarning />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
    {processingErrors}
  </>
);
