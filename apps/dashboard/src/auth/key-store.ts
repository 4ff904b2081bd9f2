export const API_KEY_STORAGE_KEY = 'lead-scoring.admin-api-key';

export interface KeyStore {
  read(): string | null;
  write(key: string): void;
  clear(): void;
}

/**
 * Keeps the admin key in sessionStorage: it survives a reload but dies with the tab, and is never written to
 * disk. Storage can be missing or throw (privacy modes, disabled cookies); the dashboard then simply forgets
 * the key on reload instead of breaking.
 */
export function createKeyStore(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | undefined): KeyStore {
  return {
    read() {
      try {
        const key = storage?.getItem(API_KEY_STORAGE_KEY)?.trim();
        return key ? key : null;
      } catch {
        return null;
      }
    },
    write(key) {
      try {
        storage?.setItem(API_KEY_STORAGE_KEY, key);
      } catch {
        // Not persisted: the session still works until the tab reloads.
      }
    },
    clear() {
      try {
        storage?.removeItem(API_KEY_STORAGE_KEY);
      } catch {
        // Nothing stored that could be removed.
      }
    },
  };
}

export function browserKeyStore(): KeyStore {
  let storage: Storage | undefined;
  try {
    storage = window.sessionStorage;
  } catch {
    // Reading the property itself throws when storage is blocked.
    storage = undefined;
  }
  return createKeyStore(storage);
}
