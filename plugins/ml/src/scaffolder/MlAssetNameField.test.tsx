import { useState } from 'react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { fireEvent, screen } from '@testing-library/react';
import type { NameCheckResponse } from '@ml-marketplace/plugin-ml-common';
import { mlApiRef } from '../api';
import {
  MlAssetNameField,
  type MlAssetNameUiOptions,
  validateMlAssetName,
} from './MlAssetNameField';

const taken: NameCheckResponse = {
  name: 'churn-model',
  available: false,
  taken: [
    {
      where: 'catalog',
      entityRef: 'model:default/churn-model',
      title: 'Churn prediction',
      message: 'Model Churn prediction (model:default/churn-model)',
    },
    {
      where: 'registry',
      registryId: 'demo',
      message: 'a registered model in MLflow (registry "demo")',
    },
  ],
  unchecked: [],
};

function fakeApi() {
  const asked: Array<{ name: string; registry?: boolean }> = [];
  return {
    asked,
    api: {
      checkName: async (req: { name: string; registry?: boolean }) => {
        asked.push(req);
        return req.name === 'churn-model'
          ? taken
          : { name: req.name, available: true, taken: [], unchecked: [] };
      },
    },
  };
}

const schema = { title: 'Name', type: 'string' as const, maxLength: 63 };
const options: MlAssetNameUiOptions = {
  python: true,
  reserved: ['mlflow', 'tests'],
  registry: true,
};

function Form() {
  const [value, setValue] = useState<string | undefined>();
  return (
    <MlAssetNameField
      {...({} as any)}
      formData={value}
      onChange={(v: string) => setValue(v)}
      schema={schema}
      uiSchema={{ 'ui:options': options }}
      idSchema={{ $id: 'root_name' } as any}
      rawErrors={[]}
      required
    />
  );
}

async function renderField(api = fakeApi().api) {
  await renderInTestApp(
    <TestApiProvider apis={[[mlApiRef, api]]}>
      <Form />
    </TestApiProvider>,
  );
  return screen.getByRole('textbox', { name: /name/i });
}

describe('MlAssetNameField', () => {
  it('explains the rules in words as the user types, never a regex', async () => {
    const input = await renderField();
    fireEvent.change(input, { target: { value: 'My Model!' } });
    const status = screen.getByRole('status');
    expect(status).toHaveTextContent(
      'Name may use lowercase letters, digits and single dashes and must start with a letter (lowercase letters only, dashes instead of spaces, no !), e.g. my-model.',
    );
    expect(status.textContent).not.toMatch(/\^|pattern/);
    fireEvent.change(input, { target: { value: 'class' } });
    expect(screen.getByRole('status')).toHaveTextContent(
      '"class" is a Python keyword',
    );
  });

  it('checks, once typing pauses, that nobody has the name', async () => {
    const { api, asked } = fakeApi();
    const input = await renderField(api);
    fireEvent.change(input, { target: { value: 'churn-mode' } });
    fireEvent.change(input, { target: { value: 'churn-model' } });
    expect(screen.getByRole('status')).toHaveTextContent(
      'Checking whether churn-model is free',
    );
    expect(
      await screen.findByText(
        'churn-model is already used by Model Churn prediction (model:default/churn-model) and a registered model in MLflow (registry "demo"). Pick another name.',
      ),
    ).toBeInTheDocument();
    // Debounced: the half-typed name was never asked about.
    expect(asked).toEqual([{ name: 'churn-model', registry: true }]);
    fireEvent.change(input, { target: { value: 'churn-model-v4' } });
    expect(
      await screen.findByText(
        'churn-model-v4 is free in the catalog and the model registry.',
      ),
    ).toBeInTheDocument();
  });
});

describe('validateMlAssetName', () => {
  async function errorsFor(value: string) {
    const errors: string[] = [];
    await validateMlAssetName(
      value,
      { addError: (e: string) => errors.push(e) } as any,
      {
        apiHolder: { get: () => fakeApi().api } as any,
        formData: {},
        schema,
        uiSchema: { 'ui:options': options } as any,
      },
    );
    return errors;
  }

  it('stops the step on a broken rule or a taken name, and lets a free one through', async () => {
    expect(await errorsFor('tests')).toEqual([
      'Name "tests" is already used inside the project (a library it imports, or its tests), so a package of that name would break it; pick another name',
    ]);
    expect(await errorsFor('churn-model')).toEqual([
      expect.stringContaining('churn-model is already used by Model Churn'),
    ]);
    expect(await errorsFor('churn-model-v4')).toEqual([]);
  });
});
