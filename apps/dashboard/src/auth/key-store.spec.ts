import { API_KEY_STORAGE_KEY, createKeyStore } from './key-store';

function memoryStorage() {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key: string) => values.get(key) ?? null,
    setItem: (key: string, value: string) => void values.set(key, value),
    removeItem: (key: string) => void values.delete(key),
  };
}

const throwingStorage = {
  getItem: (): string | null => {
    throw new Error('SecurityError');
  },
  setItem: (): void => {
    throw new Error('QuotaExceededError');
  },
  removeItem: (): void => {
    throw new Error('SecurityError');
  },
};

describe('createKeyStore', () => {
  it('writes, reads back and clears the key', () => {
    const storage = memoryStorage();
    const store = createKeyStore(storage);

    store.write('adm_123');
    expect(storage.values.get(API_KEY_STORAGE_KEY)).toBe('adm_123');
    expect(store.read()).toBe('adm_123');

    store.clear();
    expect(store.read()).toBeNull();
  });

  it('treats a blank stored value as signed out', () => {
    const storage = memoryStorage();
    storage.values.set(API_KEY_STORAGE_KEY, '   ');
    expect(createKeyStore(storage).read()).toBeNull();
  });

  it('survives storage that is missing or throws', () => {
    for (const store of [createKeyStore(undefined), createKeyStore(throwingStorage)]) {
      expect(() => store.write('k')).not.toThrow();
      expect(store.read()).toBeNull();
      expect(() => store.clear()).not.toThrow();
    }
  });
});
