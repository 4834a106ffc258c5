import {
  Checkbox,
  FormControlLabel,
  Typography,
  makeStyles,
} from '@material-ui/core';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  MARKETPLACE_FACETS,
  type MarketplaceFacet,
  type MarketplaceResults,
} from '@ml-marketplace/plugin-ml-common';

export const FACET_TITLES: Record<MarketplaceFacet, string> = {
  kind: 'Kind',
  domain: 'Domain',
  system: 'System',
  owner: 'Owner',
  tag: 'Tags',
  dataSource: 'Data source',
  lifecycle: 'Maturity',
  certification: 'Certification',
  health: 'Health',
  license: 'Licence',
  task: 'Task',
};

const REF_FACETS = new Set<MarketplaceFacet>(['domain', 'system', 'owner']);
const HEALTH_LABELS: Record<string, string> = {
  pass: 'Healthy',
  warn: 'Warnings',
  fail: 'Failing',
};
/** Long facets show their top values; the rest stay reachable through search. */
const SHOWN = 8;

/** How a facet value reads: entity refs by title (else name), health in words. */
export function facetLabel(
  facet: MarketplaceFacet,
  value: string,
  labels: Record<string, string> = {},
): string {
  if (REF_FACETS.has(facet)) {
    if (labels[value]) return labels[value];
    try {
      return parseEntityRef(value).name;
    } catch {
      return value;
    }
  }
  if (facet === 'health') return HEALTH_LABELS[value] ?? value;
  return value;
}

const useStyles = makeStyles(theme => ({
  facet: { marginBottom: theme.spacing(2) },
  title: {
    fontSize: 12,
    fontWeight: 'bold',
    textTransform: 'uppercase',
    color: theme.palette.text.secondary,
  },
  option: { display: 'flex', marginRight: 0 },
  label: { display: 'flex', justifyContent: 'space-between', width: '100%' },
  count: { color: theme.palette.text.secondary, marginLeft: theme.spacing(1) },
}));

export interface FacetPanelProps {
  facets?: MarketplaceResults['facets'];
  /** Titles of owners, systems and domains by ref. */
  labels?: Record<string, string>;
  selected: Partial<Record<MarketplaceFacet, string[]>>;
  onToggle(facet: MarketplaceFacet, value: string): void;
}

/** Checkbox lists with counts; values already selected stay visible even at zero. */
export function FacetPanel({
  facets,
  labels,
  selected,
  onToggle,
}: FacetPanelProps) {
  const classes = useStyles();
  return (
    <nav aria-label="Filters">
      {MARKETPLACE_FACETS.map(facet => {
        const chosen = selected[facet] ?? [];
        const counts = new Map(
          (facets?.[facet] ?? []).map(f => [f.value, f.count]),
        );
        const values = [
          ...(facets?.[facet] ?? []).slice(0, SHOWN).map(f => f.value),
          ...chosen,
        ].filter((v, i, all) => all.indexOf(v) === i);
        if (!values.length) return null;
        return (
          <fieldset
            key={facet}
            className={classes.facet}
            style={{ border: 0, padding: 0 }}
          >
            <Typography component="legend" className={classes.title}>
              {FACET_TITLES[facet]}
            </Typography>
            {values.map(value => (
              <FormControlLabel
                key={value}
                className={classes.option}
                control={
                  <Checkbox
                    size="small"
                    checked={chosen.includes(value)}
                    onChange={() => onToggle(facet, value)}
                  />
                }
                label={
                  <span className={classes.label}>
                    <span>{facetLabel(facet, value, labels)}</span>
                    <span className={classes.count}>
                      {counts.get(value) ?? 0}
                    </span>
                  </span>
                }
              />
            ))}
          </fieldset>
        );
      })}
    </nav>
  );
}
