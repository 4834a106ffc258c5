import { IdRegistry } from './registry';

describe('IdRegistry', () => {
  it('keeps items in registration order', () => {
    const registry = new IdRegistry<{ id: string }>('health check');
    registry.add({ id: 'a' }, { id: 'b' });
    registry.add({ id: 'c' });
    expect(registry.list().map(i => i.id)).toEqual(['a', 'b', 'c']);
  });

  it('refuses a duplicate id with a message naming it', () => {
    const registry = new IdRegistry<{ id: string }>('health check');
    registry.add({ id: 'owner-exists' });
    expect(() => registry.add({ id: 'owner-exists' })).toThrow(
      'A health check with id "owner-exists" is already registered',
    );
  });

  it('refuses an item without an id', () => {
    const registry = new IdRegistry<{ id: string }>('registry connector');
    expect(() => registry.add({ id: '' })).toThrow(
      'needs a non-empty string id',
    );
  });
});
