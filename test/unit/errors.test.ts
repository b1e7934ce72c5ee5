import { expect } from '@open-wc/testing';
import {
  isModelErrorCode,
  LoadError,
  ModelErrorCode,
  mapSdkError,
  redact,
  sdkErrorText,
} from '../../src/internal/errors.js';
import { CodedError } from '../../src/internal/coded-error.js';
import { TokenSourceError } from '../../src/internal/token-source.js';

const metadata = (status: number) =>
  ({
    type: 'onModelError',
    error: new Error(`Failed to fetch blob metadata. Status: . Status code: ${status}.`),
  }) as const;

describe('mapSdkError', () => {
  it('maps HTTP statuses of the metadata step', () => {
    expect(mapSdkError(metadata(401)).code).to.equal(ModelErrorCode.Unauthorized);
    expect(mapSdkError(metadata(403)).code).to.equal(ModelErrorCode.Forbidden);
    expect(mapSdkError(metadata(404)).code).to.equal(ModelErrorCode.NotFound);
    expect(mapSdkError(metadata(429)).code).to.equal(ModelErrorCode.RateLimited);
    expect(mapSdkError(metadata(500)).code).to.equal(ModelErrorCode.ServerError);
    expect(mapSdkError(metadata(503)).code).to.equal(ModelErrorCode.ServerError);
    expect(mapSdkError(metadata(408)).code).to.equal(ModelErrorCode.Timeout);
    expect(mapSdkError(metadata(418)).code, 'any other 4xx: the request was refused as such').to.equal(
      ModelErrorCode.InvalidConfig,
    );
    expect(mapSdkError(metadata(401)).step).to.equal('metadata');
    expect(mapSdkError(metadata(401)).status).to.equal(401);
  });

  it('tells the password token step apart', () => {
    const mapped = mapSdkError(
      new Error('Failed to request access token. Status: Unauthorized. Status code: 401.'),
    );
    expect(mapped.code).to.equal(ModelErrorCode.Unauthorized);
    expect(mapped.step).to.equal('token');
    expect(mapped.message).to.match(/password/);
  });

  it('reads string errors from part downloads', () => {
    const mapped = mapSdkError({ error: 'Failed to download model. Status code: 404' });
    expect(mapped.code).to.equal(ModelErrorCode.NotFound);
    expect(mapped.step).to.equal('part');
    expect(mapSdkError('Failed to download model. Status code: 0').code).to.equal(ModelErrorCode.Network);
  });

  it('recognises fetch network failures of every engine', () => {
    for (const message of [
      'Failed to fetch',
      'NetworkError when attempting to fetch resource.',
      'Load failed',
    ]) {
      expect(mapSdkError({ error: new TypeError(message) }).code, message).to.equal(ModelErrorCode.Network);
    }
  });

  it('maps anything else to viewer', () => {
    expect(mapSdkError(new TypeError("Cannot read properties of undefined (reading 'split')")).code).to.equal(
      ModelErrorCode.Viewer,
    );
    expect(mapSdkError(undefined).code).to.equal(ModelErrorCode.Viewer);
  });

  it('redacts secrets from the message', () => {
    const mapped = mapSdkError(new Error('bad thing with hunter2-password inside'), ['hunter2-password']);
    expect(mapped.message).not.to.include('hunter2-password');
  });
});

describe('redact', () => {
  it('removes given secrets, JWT-shaped strings and Authorization values', () => {
    const text = redact(
      'token eyJhbGciOiJIUzI1NiJ9.eyJjaGFubmVsSWQiOiJ4In0.sig and Basic dXNlcjpwYXNz and Bearer abc.def and s3cr3t!',
      ['s3cr3t!'],
    );
    expect(text).not.to.match(/eyJ|dXNlcjpwYXNz|abc\.def|s3cr3t!/);
  });

  it('leaves very short secrets alone rather than mangling the message', () => {
    expect(redact('a cat', ['a'])).to.equal('a cat');
  });
});

describe('sdkErrorText', () => {
  it('unwraps the SDK error event', () => {
    expect(sdkErrorText({ type: 'onModelError', error: new Error('x') })).to.equal('x');
    expect(sdkErrorText({ error: 'y' })).to.equal('y');
    expect(sdkErrorText('z')).to.equal('z');
  });
});

describe('mapSdkError: other 4xx', () => {
  it('maps a malformed or oversized request (400, 413, 414, 431, 405) to invalid-config, not viewer', () => {
    for (const status of [400, 405, 413, 414, 431]) {
      for (const raw of [
        metadata(status),
        {
          type: 'onModelError',
          error: new Error(`Failed to request access token. Status: . Status code: ${status}.`),
        },
      ]) {
        const mapped = mapSdkError(raw);
        expect(mapped.code, String(status)).to.equal(ModelErrorCode.InvalidConfig);
        expect(mapped.status).to.equal(status);
        expect(mapped.message).to.include(`HTTP ${status}`);
      }
    }
  });
});

describe('mapSdkError: errors the element threw inside the SDK', () => {
  it('keeps their code', () => {
    const mapped = mapSdkError({
      type: 'onModelError',
      error: new LoadError(ModelErrorCode.InvalidConfig, 'bad channelId'),
    });
    expect(mapped).to.deep.include({ code: ModelErrorCode.InvalidConfig, message: 'bad channelId' });
  });
});

describe('coded errors', () => {
  it('share one base: code, message and status, told apart by class and name', () => {
    const load = new LoadError(ModelErrorCode.NotFound, 'gone', 404);
    const token = new TokenSourceError('forbidden', 'no', 403);
    for (const [error, name] of [
      [load, 'LoadError'],
      [token, 'TokenSourceError'],
    ] as const) {
      expect(error).to.be.instanceOf(CodedError);
      expect(error.name).to.equal(name);
    }
    expect([load.code, load.status, token.code, token.status]).to.deep.equal([
      'not-found',
      404,
      'forbidden',
      403,
    ]);
    expect(isModelErrorCode(token.code), 'the token source speaks the element’s codes').to.equal(true);
    expect(isModelErrorCode('aborted')).to.equal(false);
  });
});
