import { ApiError, type FetchFn } from '../api/client';
import { signInErrorMessage, verifyAdminKey } from './verify-key';

describe('verifyAdminKey', () => {
  it('asks the realtime gateway for one leaderboard item with the candidate key', async () => {
    const fetchFn = jest
      .fn<ReturnType<FetchFn>, Parameters<FetchFn>>()
      .mockResolvedValue(new Response(JSON.stringify({ items: [], ruleset_version: 1 }), { status: 200 }));

    await verifyAdminKey('http://127.0.0.1:7778', 'adm_1', fetchFn);

    const [url, init] = fetchFn.mock.calls[0];
    expect(url).toBe('http://127.0.0.1:7778/api/leaderboard?limit=1');
    expect(init.headers).toMatchObject({ Authorization: 'Bearer adm_1' });
  });

  it('fails with the 401 when the key is wrong', async () => {
    const fetchFn: FetchFn = async () => new Response('', { status: 401 });
    await expect(verifyAdminKey('http://h', 'nope', fetchFn)).rejects.toMatchObject({ status: 401 });
  });
});

describe('signInErrorMessage', () => {
  it('explains a rejected key', () => {
    expect(signInErrorMessage(new ApiError(401, 'unauthorized', 'x'))).toMatch(/^That key was not accepted/);
  });

  it('passes on why the key could not be checked', () => {
    const message = signInErrorMessage(new ApiError(0, 'network_error', 'Could not reach http://h.'));
    expect(message).toBe('The key could not be checked. Could not reach http://h.');
  });
});
