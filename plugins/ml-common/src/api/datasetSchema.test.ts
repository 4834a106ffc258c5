import { compareSchemas, typeFamily } from './datasetSchema';

describe('compareSchemas', () => {
  it('finds removed, retyped and added columns, names in any case', () => {
    expect(
      compareSchemas(
        [
          { name: 'customer_id', type: 'string' },
          { name: 'email', type: 'string' },
          { name: 'plan', type: 'string' },
          { name: 'tenure_days', type: 'int' },
        ],
        [
          { name: 'CUSTOMER_ID', type: 'VARCHAR(64)' },
          { name: 'plan', type: 'INTEGER' },
          { name: 'tenure_days', type: 'BIGINT' },
          { name: 'region', type: 'TEXT' },
        ],
      ),
    ).toEqual({
      removed: ['email'],
      retyped: [{ name: 'plan', declared: 'string', observed: 'INTEGER' }],
      added: ['region'],
    });
  });

  it('does not call a column retyped when either side gives no type', () => {
    expect(
      compareSchemas([{ name: 'a' }], [{ name: 'a', type: 'BOOLEAN' }]),
    ).toEqual({ removed: [], retyped: [], added: [] });
  });

  it('reads warehouse type names as the families YAML uses', () => {
    expect(typeFamily('character varying')).toBe('string');
    expect(typeFamily('int64')).toBe('integer');
    expect(typeFamily('DOUBLE PRECISION')).toBe('float');
    expect(typeFamily('timestamp with time zone')).toBe('timestamp');
    expect(typeFamily('geography')).toBe('geography');
  });
});
