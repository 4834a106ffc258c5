import { Chip, Tooltip } from '@material-ui/core';
import { EntityDisplayName } from '@backstage/plugin-catalog-react';
import type { AssetUse } from '@ml-marketplace/plugin-ml-common';
import { formatDate } from '../shared/entityCardFormat';
import { useStyles } from './styles';
import { ORIGIN_HINTS, ORIGIN_LABELS } from './usageText';

/**
 * Where a use is known from, as a calm outlined chip: "Catalog", "Registry",
 * "OpenLineage", or "Declared by <person>" with the date (and the note) on hover.
 */
export function OriginChip({ use }: { use: AssetUse }) {
  const classes = useStyles();
  if (use.origin === 'user') {
    const hint = [
      use.declaredAt && `Declared on ${formatDate(use.declaredAt)}`,
      use.note && `“${use.note}”`,
    ]
      .filter(Boolean)
      .join(': ');
    const chip = (
      <Chip
        size="small"
        variant="outlined"
        className={classes.chip}
        data-testid="ml-usage-origin"
        label={
          use.declaredBy ? (
            <>
              Declared by{' '}
              <EntityDisplayName
                entityRef={use.declaredBy}
                defaultKind="user"
                hideIcon
                disableTooltip
              />
            </>
          ) : (
            'Declared'
          )
        }
      />
    );
    return hint ? <Tooltip title={hint}>{chip}</Tooltip> : chip;
  }
  return (
    <Tooltip title={ORIGIN_HINTS[use.origin]}>
      <Chip
        size="small"
        variant="outlined"
        className={classes.chip}
        data-testid="ml-usage-origin"
        label={ORIGIN_LABELS[use.origin]}
      />
    </Tooltip>
  );
}
