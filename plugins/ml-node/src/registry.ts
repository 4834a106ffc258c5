import { ConflictError } from '@backstage/errors';

/**
 * Collects items registered through an extension point and refuses a second item
 * with the same id, naming both so the adopter knows which module to fix.
 */
export class IdRegistry<T extends { id: string }> {
  private readonly items = new Map<string, T>();

  constructor(private readonly what: string) {}

  add(...items: T[]): void {
    for (const item of items) {
      if (!item.id || typeof item.id !== 'string') {
        throw new TypeError(`Every ${this.what} needs a non-empty string id`);
      }
      if (this.items.has(item.id)) {
        throw new ConflictError(
          `A ${this.what} with id "${item.id}" is already registered; give each ${this.what} a unique id`,
        );
      }
      this.items.set(item.id, item);
    }
  }

  /** Adds items ahead of those already registered (built-ins before modules' own). */
  addFirst(...items: T[]): void {
    const later = [...this.items.values()];
    this.items.clear();
    this.add(...items, ...later);
  }

  list(): T[] {
    return [...this.items.values()];
  }
}
