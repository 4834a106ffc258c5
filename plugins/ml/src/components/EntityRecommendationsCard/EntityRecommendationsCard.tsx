import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
} from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { EntityRefLink, useEntity } from '@backstage/plugin-catalog-react';
import {
  Chip,
  Grid,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import type { MarketplaceAsset } from '@ml-marketplace/plugin-ml-common';
import useAsync from 'react-use/esm/useAsync';
import { mlApiRef } from '../../api';
import { CertificationBadge } from '../MarketplacePage/AssetBadges';

function AssetList({
  title,
  empty,
  items,
}: {
  title: string;
  empty: string;
  items: Array<{ asset: MarketplaceAsset; why: string }>;
}) {
  return (
    <>
      <Typography variant="subtitle2" component="h3">
        {title}
      </Typography>
      {items.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          {empty}
        </Typography>
      ) : (
        <List dense aria-label={title}>
          {items.map(({ asset, why }) => (
            <ListItem key={asset.ref} disableGutters>
              <ListItemText
                primary={
                  <>
                    <EntityRefLink
                      entityRef={asset.ref}
                      title={asset.title ?? asset.name}
                    />{' '}
                    <CertificationBadge level={asset.certification} />
                    {asset.lifecycle === 'deprecated' && (
                      <>
                        {' '}
                        <Chip
                          size="small"
                          variant="outlined"
                          label="deprecated"
                        />
                      </>
                    )}
                  </>
                }
                secondary={why}
              />
            </ListItem>
          ))}
        </List>
      )}
    </>
  );
}

/**
 * "You might also look at": similar assets (same task, domain, inputs or
 * tags) and assets often used together with this one, from lineage.
 */
export function EntityRecommendationsCard() {
  const { entity } = useEntity();
  const mlApi = useApi(mlApiRef);
  const ref = stringifyEntityRef(entity).toLocaleLowerCase('en-US');
  const { value, loading, error } = useAsync(
    () => mlApi.getRelated(ref),
    [mlApi, ref],
  );

  return (
    <InfoCard title="Recommendations">
      {loading && <Progress />}
      {error && <ResponseErrorPanel error={error} />}
      {value && (
        <Grid container spacing={2}>
          <Grid item xs={12} md={6}>
            <AssetList
              title="Similar assets"
              empty="Nothing similar yet: no other asset shares its task, domain, inputs or tags."
              items={value.similar.map(s => ({
                asset: s.asset,
                why: s.reasons.join(' · '),
              }))}
            />
          </Grid>
          <Grid item xs={12} md={6}>
            <AssetList
              title="Often used together"
              empty="Nothing reads this together with other assets yet."
              items={value.usedTogether.map(t => ({
                asset: t.asset,
                why: `read together by ${t.sharedConsumers} consumer${
                  t.sharedConsumers > 1 ? 's' : ''
                }`,
              }))}
            />
          </Grid>
        </Grid>
      )}
    </InfoCard>
  );
}
