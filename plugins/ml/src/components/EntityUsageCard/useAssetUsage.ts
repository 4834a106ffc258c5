import { useCallback, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { AssetUsage } from '@ml-marketplace/plugin-ml-common';
import useAsync from 'react-use/esm/useAsync';
import { mlApiRef, type MlApi } from '../../api';

/** A change to an asset's usage: a call that answers with the new usage. */
export type UsageChange = (api: MlApi) => Promise<AssetUsage>;

/**
 * An asset's usage, loaded once and replaced by the answer of each change;
 * `change` rejects with the backend's error so the form that sent it can show it.
 */
export function useAssetUsage(entityRef: string) {
  const mlApi = useApi(mlApiRef);
  const [usage, setUsage] = useState<AssetUsage>();
  const { loading, error } = useAsync(async () => {
    setUsage(undefined);
    setUsage(await mlApi.getUsage(entityRef));
  }, [mlApi, entityRef]);
  const change = useCallback(
    async (call: UsageChange) => {
      setUsage(await call(mlApi));
    },
    [mlApi],
  );
  return { usage, loading, error, change };
}
