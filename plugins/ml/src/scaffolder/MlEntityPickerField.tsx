import { useState } from 'react';
import { Box, Chip, TextField, Typography } from '@material-ui/core';
import { Autocomplete } from '@material-ui/lab';
import { useApi } from '@backstage/core-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import type { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import type { MarketplaceAsset } from '@ml-marketplace/plugin-ml-common';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { mlApiRef } from '../api';
import { CertificationBadge } from '../components/MarketplacePage/AssetBadges';
import { pickerOptions, type PickerOption } from './pickerOptions';

/** `ui:options` of the `MlEntityPicker` field. */
export interface MlEntityPickerUiOptions {
  /** What to pick: Model, Dataset, Feature (from the marketplace) or Group. @default Model */
  kind?: string;
  /** Offer deprecated assets too, marked and listed last. @default false */
  includeDeprecated?: boolean;
}

const ML_KINDS = ['model', 'dataset', 'feature'];

/** The refs a field holds: one, several (`type: array`) or none. */
function refsOf(formData: string | string[] | undefined): string[] {
  if (Array.isArray(formData)) return formData;
  return formData ? [formData] : [];
}

/**
 * Picks a Model, Dataset, Feature or owning Group by its title, showing each
 * asset's lifecycle and certification; deprecated assets are left out unless
 * the template asks for them. Stores the full entity ref, like EntityPicker.
 */
export function MlEntityPickerField(
  props: FieldExtensionComponentProps<
    string | string[],
    MlEntityPickerUiOptions
  >,
) {
  const {
    onChange,
    formData,
    rawErrors,
    required,
    schema,
    uiSchema,
    idSchema,
  } = props;
  const options = uiSchema['ui:options'];
  const kind = (options?.kind ?? 'Model').toLocaleLowerCase('en-US');
  const mlApi = useApi(mlApiRef);
  const catalogApi = useApi(catalogApiRef);
  const [typed, setTyped] = useState('');
  const [query, setQuery] = useState('');
  useDebounce(() => setQuery(typed), 300, [typed]);

  const found = useAsync(async (): Promise<PickerOption[]> => {
    if (ML_KINDS.includes(kind)) {
      const results = await mlApi.searchMarketplace({
        q: query || undefined,
        filters: { kind: [kind] },
        sort: query ? 'relevance' : 'name',
        pageSize: 100,
      });
      return pickerOptions(results.items as MarketplaceAsset[], {
        includeDeprecated: options?.includeDeprecated,
      });
    }
    const { items } = await catalogApi.getEntities({
      filter: { kind },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.title',
        'spec.profile.displayName',
      ],
    });
    return items
      .map(e => {
        const ref = `${kind}:${e.metadata.namespace ?? 'default'}/${
          e.metadata.name
        }`;
        const profile = (e.spec as { profile?: { displayName?: string } })
          ?.profile;
        return {
          ref,
          title: e.metadata.title ?? profile?.displayName ?? e.metadata.name,
          deprecated: false,
        };
      })
      .sort((a, b) => a.title.localeCompare(b.title));
  }, [kind, query, options?.includeDeprecated]);

  const all = found.value ?? [];
  // `type: array` picks several (like MultiEntityPicker), else one.
  const multiple = schema.type === 'array';
  const optionOf = (ref: string): PickerOption =>
    all.find(o => o.ref === ref) ?? { ref, title: ref, deprecated: false };
  const picked = refsOf(formData);
  const single = picked.length ? optionOf(picked[0]) : null;
  const value = multiple ? picked.map(optionOf) : single;
  const empty = picked.length === 0;

  return (
    <Autocomplete<PickerOption, boolean>
      id={idSchema?.$id}
      multiple={multiple}
      options={all}
      value={value}
      loading={found.loading}
      getOptionLabel={o => o.title}
      getOptionSelected={(o, v) => o.ref === v.ref}
      filterOptions={x => x}
      onInputChange={(_e, text, reason) => {
        if (reason === 'input') setTyped(text);
      }}
      onChange={(_e, chosen) =>
        onChange(
          Array.isArray(chosen)
            ? chosen.map(o => o.ref)
            : (chosen as PickerOption | null)?.ref ?? '',
        )
      }
      noOptionsText={
        found.error
          ? `Could not list them: ${found.error.message}`
          : `No ${kind} matches`
      }
      renderOption={o => (
        <Box display="flex" alignItems="center" width="100%" style={{ gap: 8 }}>
          <Box flexGrow={1} minWidth={0}>
            <Typography variant="body2">{o.title}</Typography>
            <Typography variant="caption" color="textSecondary">
              {o.ref}
            </Typography>
          </Box>
          {o.deprecated && (
            <Chip size="small" label="Deprecated" variant="outlined" />
          )}
          {!o.deprecated && o.lifecycle && (
            <Chip size="small" label={o.lifecycle} variant="outlined" />
          )}
          <CertificationBadge level={o.certification} />
        </Box>
      )}
      renderInput={params => (
        <TextField
          {...params}
          label={schema.title}
          required={required}
          variant="outlined"
          margin="normal"
          helperText={schema.description}
          error={(rawErrors?.length ?? 0) > 0 && empty}
        />
      )}
    />
  );
}
