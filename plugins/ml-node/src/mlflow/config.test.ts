import { ConfigReader } from '@backstage/config';
import type { JsonValue } from '@backstage/types';
import { readMlflowRegistryConfigs } from './config';

const read = (mlflow: JsonValue) =>
  readMlflowRegistryConfigs(
    new ConfigReader({ ml: { registries: { mlflow } } }),
  );

describe('readMlflowRegistryConfigs', () => {
  it('fills defaults and trims the base URL', () => {
    const [c] = read([{ baseUrl: 'http://127.0.0.1:5000/' }]);
    expect(c).toMatchObject({
      id: 'default',
      baseUrl: 'http://127.0.0.1:5000',
      uiUrl: 'http://127.0.0.1:5000',
      pageSize: 1000,
      attempts: 4,
      runConcurrency: 8,
      discovery: {
        enabled: false,
        ownerTagKeys: ['owner', 'backstage.io/owner'],
        namespace: 'default',
      },
    });
  });

  it('reads nothing when no registry is configured', () => {
    expect(readMlflowRegistryConfigs(new ConfigReader({}))).toEqual([]);
  });

  it.each([
    [
      [
        { id: 'a', baseUrl: 'http://x' },
        { id: 'a', baseUrl: 'http://y' },
      ],
      'ml.registries.mlflow[1].id "a" is used by another MLflow registry',
    ],
    [
      [{ baseUrl: 'not a url' }],
      'ml.registries.mlflow[0].baseUrl "not a url" is not a URL',
    ],
    [
      [{ baseUrl: 'http://u:p@x' }],
      'ml.registries.mlflow[0].baseUrl must not carry credentials',
    ],
    [
      [{ baseUrl: 'http://x', pageSize: 5000 }],
      'ml.registries.mlflow[0].pageSize must be a whole number from 1 to 1000, got 5000',
    ],
    [
      [{ baseUrl: 'http://x', username: 'u' }],
      'ml.registries.mlflow[0] needs both username and password',
    ],
    [
      [{ id: 'bad id!', baseUrl: 'http://x' }],
      'ml.registries.mlflow[0].id "bad id!" must be letters',
    ],
  ])(
    'refuses a bad entry with the path and the fix (%#)',
    (mlflow, message) => {
      expect(() => read(mlflow)).toThrow(message);
    },
  );
});
