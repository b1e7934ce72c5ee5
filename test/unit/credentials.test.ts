import { expect } from '@open-wc/testing';
import {
  checkToken,
  forbiddenAttributeError,
  isLatin1,
  guardChannelId,
  isSendablePassword,
  MAX_PASSWORD_LENGTH,
  resolveCredentialSource,
  validateModelId,
  type CredentialInputs,
} from '../../src/internal/credentials.js';
import { forbiddenCredentialAttributes } from '../../src/internal/credential-attributes.js';
import { LoadError, ModelErrorCode } from '../../src/internal/errors.js';
import { expiredToken, makeToken } from '../helpers/tokens.js';
import { INVALID_IDS, VALID_IDS } from '../helpers/id-cases.js';

const none: CredentialInputs = {
  accessToken: null,
  tokenUrl: null,
  tokenProvider: null,
  passwordMode: false,
  password: null,
};

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof LoadError ? error.code : `not a LoadError: ${String(error)}`;
  }
  return undefined;
}

describe('resolveCredentialSource', () => {
  it('accepts exactly one source', () => {
    expect(resolveCredentialSource({ ...none, accessToken: 't' }).kind).to.equal('access-token');
    expect(resolveCredentialSource({ ...none, tokenUrl: '/api/token' }).kind).to.equal('token-url');
    expect(resolveCredentialSource({ ...none, tokenProvider: async () => 't' }).kind).to.equal(
      'token-provider',
    );
    expect(resolveCredentialSource({ ...none, passwordMode: true })).to.deep.equal({
      kind: 'password',
      password: null,
    });
    expect(resolveCredentialSource({ ...none, passwordMode: true, password: 'p' })).to.deep.equal({
      kind: 'password',
      password: 'p',
    });
  });

  it('refuses none, several, and a password outside password mode with one invalid-config', () => {
    expect(codeOf(() => resolveCredentialSource(none))).to.equal(ModelErrorCode.InvalidConfig);
    expect(codeOf(() => resolveCredentialSource({ ...none, accessToken: 't', passwordMode: true }))).to.equal(
      ModelErrorCode.InvalidConfig,
    );
    expect(
      codeOf(() => resolveCredentialSource({ ...none, tokenUrl: '/t', tokenProvider: async () => 't' })),
    ).to.equal(ModelErrorCode.InvalidConfig);
    expect(codeOf(() => resolveCredentialSource({ ...none, accessToken: 't', password: 'p' }))).to.equal(
      ModelErrorCode.InvalidConfig,
    );
    try {
      resolveCredentialSource({ ...none, accessToken: 'tok', tokenUrl: '/t', passwordMode: true });
    } catch (error) {
      expect((error as Error).message).to.include('access-token and token-url and password-mode');
      expect((error as Error).message).not.to.include('tok ');
    }
  });

  it('refuses a password the SDK could not encode', () => {
    expect(
      codeOf(() => resolveCredentialSource({ ...none, passwordMode: true, password: 'pässwörd' })),
    ).to.equal(undefined);
    expect(
      codeOf(() => resolveCredentialSource({ ...none, passwordMode: true, password: 'key🔑' })),
    ).to.equal(ModelErrorCode.InvalidConfig);
  });
});

describe('checkToken', () => {
  it('accepts a JWT with channelId and reports its expiry', () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const checked = checkToken(makeToken({ channelId: 'abc', exp }), 'attribute');
    expect(checked.channelId).to.equal('abc');
    expect(checked.expiresAt).to.equal(exp * 1000);
  });

  it('refuses non-JWTs and tokens without channelId, with the code of their origin', () => {
    expect(codeOf(() => checkToken('not-a-jwt', 'attribute'))).to.equal(ModelErrorCode.InvalidConfig);
    expect(codeOf(() => checkToken(makeToken({ channelId: undefined }), 'attribute'))).to.equal(
      ModelErrorCode.InvalidConfig,
    );
    expect(codeOf(() => checkToken('a.b.c', 'endpoint'))).to.equal(ModelErrorCode.TokenEndpointFailed);
    expect(codeOf(() => checkToken(makeToken({ channelId: '../x' }), 'attribute'))).to.equal(
      ModelErrorCode.InvalidConfig,
    );
  });

  it('reports an expired token as token-expired without its value', () => {
    const token = expiredToken();
    try {
      checkToken(token, 'attribute');
      expect.fail('should throw');
    } catch (error) {
      expect((error as LoadError).code).to.equal(ModelErrorCode.TokenExpired);
      expect((error as Error).message).not.to.include(token);
    }
  });
});

describe('credential-like attributes', () => {
  it('finds api-key style attributes and never echoes their values', () => {
    const element = document.createElement('div');
    element.setAttribute('api-key', 'SECRET-KEY-123');
    element.setAttribute('account-name', 'acme');
    element.setAttribute('model-id', 'm');
    element.setAttribute('password-mode', '');
    const names = forbiddenCredentialAttributes(element);
    expect(names).to.deep.equal(['api-key', 'account-name']);
    const error = forbiddenAttributeError(names);
    expect(error.code).to.equal(ModelErrorCode.InvalidConfig);
    expect(error.message).to.include('token-url');
    expect(error.message).not.to.include('SECRET-KEY-123');
  });
});

describe('validateModelId', () => {
  it('allows URL-safe ids only', () => {
    expect(() => validateModelId('small-office')).not.to.throw();
    expect(() => validateModelId('a1_B2.c~d')).not.to.throw();
    for (const bad of ['../x', 'a/b', 'a b', 'a?b', 'a#b', '%2e', '..']) {
      expect(() => validateModelId(bad), bad).to.throw(LoadError);
    }
  });
});

describe('isLatin1', () => {
  it('tells what btoa() can encode', () => {
    expect(isLatin1('')).to.equal(true);
    expect(isLatin1('pässwörd\u00ff\u0000')).to.equal(true);
    expect(isLatin1('pass\u0100')).to.equal(false);
    expect(isLatin1('密码')).to.equal(false);
  });

  it('leaves the password out of RegExp.input, which any script on the page can read', () => {
    // A successful regular-expression match records its subject in the legacy page-global RegExp.input
    // (RegExp.$_) until the next match anywhere.
    const legacy = RegExp as unknown as { input: string };
    const password = `pw-${crypto.randomUUID()}`;
    /x/.test('x');
    expect(isLatin1(password)).to.equal(true);
    expect(legacy.input === password, 'RegExp.input holds the password').to.equal(false);
    resolveCredentialSource({ ...none, passwordMode: true, password });
    expect(legacy.input === password, 'RegExp.input holds the password').to.equal(false);
  });
});

describe('the id rule in the element', () => {
  it('refuses every id the shared rule refuses, as model-id and as a token channelId, never echoing it', () => {
    for (const id of INVALID_IDS) {
      expect(() => validateModelId(id), JSON.stringify(id)).to.throw(LoadError);
      for (const [origin, code] of [
        ['attribute', ModelErrorCode.InvalidConfig],
        ['endpoint', ModelErrorCode.TokenEndpointFailed],
      ] as const) {
        let error: unknown;
        try {
          checkToken(makeToken({ channelId: id }), origin);
        } catch (caught) {
          error = caught;
        }
        expect(error, `${origin} ${JSON.stringify(id)}`).to.be.instanceOf(LoadError);
        expect((error as LoadError).code).to.equal(code);
        expect((error as LoadError).message).to.include('channelId');
        if (id.length > 2) expect((error as LoadError).message).not.to.include(id);
      }
    }
  });

  it('accepts every id the shared rule accepts (the server module and the platform accept the same)', () => {
    for (const id of VALID_IDS) {
      expect(() => validateModelId(id), id).not.to.throw();
      expect(checkToken(makeToken({ channelId: id }), 'endpoint').channelId).to.equal(id);
    }
  });

  it('guards the SDK model config: a channelId the SDK stores from its own token is refused', () => {
    const config = guardChannelId({ modelId: 'm', baseUrl: '/api' } as {
      modelId: string;
      baseUrl: string;
      channelId?: string;
    });
    for (const id of ['..', '.', '', 'a/b', 'a?b', 'a#b', 'a%2e', 'a b', undefined]) {
      let error: unknown;
      try {
        config.channelId = id as string;
      } catch (caught) {
        error = caught;
      }
      expect(error, JSON.stringify(id)).to.be.instanceOf(LoadError);
      expect((error as LoadError).code).to.equal(ModelErrorCode.InvalidConfig);
      expect(config.channelId).to.equal(undefined);
    }
    config.channelId = 'demo-channel';
    expect(config.channelId).to.equal('demo-channel');
    expect({ ...config }).to.deep.equal({ modelId: 'm', baseUrl: '/api', channelId: 'demo-channel' });
  });
});

describe('password length', () => {
  const passwordInputs = (password: string): CredentialInputs => ({ ...none, passwordMode: true, password });

  it(`refuses a password property longer than ${MAX_PASSWORD_LENGTH} characters without showing it`, () => {
    const long = 'p'.repeat(MAX_PASSWORD_LENGTH + 1);
    let error: unknown;
    try {
      resolveCredentialSource(passwordInputs(long));
    } catch (caught) {
      error = caught;
    }
    expect(error).to.be.instanceOf(LoadError);
    expect((error as LoadError).code).to.equal(ModelErrorCode.InvalidConfig);
    expect((error as LoadError).message).to.include(String(MAX_PASSWORD_LENGTH));
    expect((error as LoadError).message).not.to.include('pppp');
    expect(codeOf(() => resolveCredentialSource(passwordInputs('p'.repeat(10_000))))).to.equal(
      ModelErrorCode.InvalidConfig,
    );
    expect(resolveCredentialSource(passwordInputs('p'.repeat(MAX_PASSWORD_LENGTH)))).to.deep.equal({
      kind: 'password',
      password: 'p'.repeat(MAX_PASSWORD_LENGTH),
    });
  });

  it('tells which typed passwords the SDK can send', () => {
    expect(isSendablePassword('p'.repeat(MAX_PASSWORD_LENGTH))).to.equal(true);
    expect(isSendablePassword('p'.repeat(MAX_PASSWORD_LENGTH + 1))).to.equal(false);
    expect(isSendablePassword('pässwort')).to.equal(true);
    expect(isSendablePassword('密码')).to.equal(false);
  });
});
