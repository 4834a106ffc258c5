import { MlAssetNameField, validateMlAssetName } from './MlAssetNameField';
import { MlEntityPickerField } from './MlEntityPickerField';

/** Field names templates use in `ui:field`. */
export const ML_ASSET_NAME_FIELD = 'MlAssetName';
export const ML_ENTITY_PICKER_FIELD = 'MlEntityPicker';

/** The options both frontend systems build their field extensions from. */
export const mlAssetNameFieldOptions = {
  name: ML_ASSET_NAME_FIELD,
  component: MlAssetNameField,
  validation: validateMlAssetName,
};

export const mlEntityPickerFieldOptions = {
  name: ML_ENTITY_PICKER_FIELD,
  component: MlEntityPickerField,
};
