import { useCallback, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { AssetFeedback } from '@ml-marketplace/plugin-ml-common';
import useAsync from 'react-use/esm/useAsync';
import { mlApiRef, type MlApi } from '../../api';

/** A change to an asset's feedback: a call that answers with the new feedback. */
export type FeedbackChange = (api: MlApi) => Promise<AssetFeedback>;

/**
 * An asset's feedback, loaded once and replaced by the answer of each change;
 * `change` rejects with the backend's error so the form that sent it can show it.
 */
export function useAssetFeedback(entityRef: string) {
  const mlApi = useApi(mlApiRef);
  const [feedback, setFeedback] = useState<AssetFeedback>();
  const { loading, error } = useAsync(async () => {
    setFeedback(undefined);
    setFeedback(await mlApi.getFeedback(entityRef));
  }, [mlApi, entityRef]);
  const change = useCallback(
    async (call: FeedbackChange) => {
      setFeedback(await call(mlApi));
    },
    [mlApi],
  );
  return { feedback, loading, error, change };
}
