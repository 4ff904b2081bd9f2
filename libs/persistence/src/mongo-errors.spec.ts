import { duplicateIndexesOf, isUnavailableError } from './mongo-errors';

describe('isUnavailableError', () => {
  it('recognises unreachable servers, also when wrapped by a bulk write', () => {
    expect(isUnavailableError(Object.assign(new Error('x'), { name: 'MongoServerSelectionError' }))).toBe(true);
    expect(isUnavailableError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), { name: 'MongoBulkWriteError' }))).toBe(true);
    expect(isUnavailableError(new Error('write failed', { cause: Object.assign(new Error('x'), { name: 'MongoNetworkError' }) }))).toBe(true);
  });

  it('takes a bulk write error carrying only the message of a closed socket for an outage', () => {
    const error = Object.assign(new Error('This socket has been ended by the other party'), { name: 'MongoBulkWriteError', writeErrors: [] });
    expect(isUnavailableError(error)).toBe(true);
  });

  it('does not hide bugs behind a 503', () => {
    expect(isUnavailableError(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isUnavailableError(Object.assign(new Error('E11000 duplicate key'), { name: 'MongoBulkWriteError', code: 11000 }))).toBe(false);
    expect(isUnavailableError(null)).toBe(false);
  });
});

describe('duplicateIndexesOf', () => {
  it('lists the duplicates of an unordered insert, and nothing when another error is among them', () => {
    expect(duplicateIndexesOf({ writeErrors: [{ index: 1, code: 11000 }, { err: { index: 3, code: 11000 } }] })).toEqual(new Set([1, 3]));
    expect(duplicateIndexesOf({ writeErrors: [{ index: 1, code: 11000 }, { index: 2, code: 2 }] })).toBeNull();
    expect(duplicateIndexesOf(new Error('network'))).toBeNull();
  });
});
