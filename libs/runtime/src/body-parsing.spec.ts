import { gunzipSync } from 'node:zlib';
import { ApiError } from './api-error';
import { MAX_JSON_DEPTH, assertJsonDepth, bodyErrorToApiError, jsonDepthExceeds } from './body-parsing';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('jsonDepthExceeds', () => {
  it('counts nested arrays and objects', () => {
    expect(jsonDepthExceeds(bytes('{"a":[{"b":1}]}'), 3)).toBe(false);
    expect(jsonDepthExceeds(bytes('{"a":[{"b":{}}]}'), 3)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(bytes(JSON.stringify({ a: '[[[[[[', b: 'say \\"[[[[' })), 1)).toBe(false);
  });

  it('refuses 4.8 MB of nested [ as soon as it passes the limit, without parsing it', () => {
    expect(() => assertJsonDepth(Buffer.alloc(4.8 * 1024 * 1024, '['))).toThrow(`deeper than ${MAX_JSON_DEPTH} levels`);
  });
});

describe('bodyErrorToApiError', () => {
  const answerOf = (error: unknown) => {
    const answer = bodyErrorToApiError(error);
    expect(answer).toBeInstanceOf(ApiError);
    return { status: (answer as ApiError).getStatus(), body: (answer as ApiError).getResponse() };
  };

  it('maps a body that does not decode with its Content-Encoding (gzip on plain text) to 400, not 500', () => {
    let zlibError: unknown;
    try {
      gunzipSync(Buffer.from('{"not":"gzip"}'));
    } catch (error) {
      zlibError = Object.assign(error as Error, { status: 400 }); // body-parser adds the status
    }
    expect(answerOf(zlibError)).toMatchObject({ status: 400, body: { error: 'invalid_encoding', details: [{ field: 'content-encoding' }] } });
  });

  it('maps an unknown encoding to 415 and a deep body to 400', () => {
    expect(answerOf({ type: 'encoding.unsupported', status: 415 })).toMatchObject({ status: 415, body: { error: 'unsupported_media_type' } });
    let deep: unknown;
    try {
      assertJsonDepth(bytes('[[[]]]'), 2);
    } catch (error) {
      deep = error;
    }
    expect(answerOf(deep)).toMatchObject({ status: 400, body: { error: 'invalid_json', details: [{ field: 'body' }] } });
  });

  it('maps parse failures, size limits and incomplete bodies to 4xx', () => {
    expect(answerOf({ type: 'entity.parse.failed', status: 400 }).status).toBe(400);
    expect(answerOf({ type: 'entity.too.large', status: 413 }).status).toBe(413);
    expect(answerOf({ type: 'request.size.invalid', status: 400 }).status).toBe(400);
    expect(answerOf(Object.assign(new Error('anything the client caused'), { status: 422 })).status).toBe(422);
  });

  it('leaves an error that is not the client\'s as it is (an internal error)', () => {
    const failure = new Error('out of memory');
    expect(bodyErrorToApiError(failure)).toBe(failure);
  });
});
