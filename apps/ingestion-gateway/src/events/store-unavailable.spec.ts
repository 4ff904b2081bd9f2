import { isStoreUnavailable } from './store-unavailable';

describe('isStoreUnavailable', () => {
  it('takes a bulk write error carrying only the message of a closed socket for an outage', () => {
    const error = Object.assign(new Error('This socket has been ended by the other party'), { name: 'MongoBulkWriteError', writeErrors: [] });
    expect(isStoreUnavailable(error)).toBe(true);
  });

  it('still recognises the errors isUnavailableError knows', () => {
    expect(isStoreUnavailable(Object.assign(new Error('x'), { name: 'MongoServerSelectionError' }))).toBe(true);
  });

  it('leaves other failures to be reported as bugs', () => {
    expect(isStoreUnavailable(Object.assign(new Error('E11000 duplicate key'), { name: 'MongoBulkWriteError', code: 11000 }))).toBe(false);
    expect(isStoreUnavailable(new TypeError('cannot read properties of undefined'))).toBe(false);
    expect(isStoreUnavailable(null)).toBe(false);
  });
});
