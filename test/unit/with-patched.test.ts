import { expect } from '@open-wc/testing';
import { snapshotProperties, withPatched } from '../../src/internal/with-patched.js';

describe('withPatched', () => {
  it('replaces an own property while fn runs, returns its result and restores the descriptor', () => {
    const object = { greet: () => 'native' };
    const before = Object.getOwnPropertyDescriptor(object, 'greet');
    const result = withPatched(
      object,
      'greet',
      () => 'patched',
      () => object.greet(),
    );
    expect(result).to.equal('patched');
    expect(Object.getOwnPropertyDescriptor(object, 'greet')).to.deep.equal(before);
  });

  it('leaves no own property behind when the patched one was inherited', () => {
    const prototype = { size: 1 };
    const object = Object.create(prototype) as { size: number };
    withPatched(object, 'size', 2, () => expect(object.size).to.equal(2));
    expect(Object.hasOwn(object, 'size'), 'the own patch is gone').to.equal(false);
    prototype.size = 3;
    expect(object.size, 'later changes to the prototype show through').to.equal(3);
  });

  it('restores an accessor exactly, also when fn throws, and lets the error through', () => {
    let reads = 0;
    const object = {};
    Object.defineProperty(object, 'width', { configurable: true, enumerable: false, get: () => ++reads });
    const before = Object.getOwnPropertyDescriptor(object, 'width');
    const failure = new Error('from fn');
    expect(() =>
      withPatched(object, 'width', 640, () => {
        expect((object as { width: number }).width).to.equal(640);
        throw failure;
      }),
    ).to.throw(failure);
    expect(Object.getOwnPropertyDescriptor(object, 'width')).to.deep.equal(before);
    expect(reads, 'the getter was not called by the patch').to.equal(0);
  });

  it('refuses a non-configurable property without running fn', () => {
    const object = {};
    Object.defineProperty(object, 'fixed', { configurable: false, value: 1 });
    let ran = false;
    expect(() => withPatched(object, 'fixed', 2, () => (ran = true))).to.throw(TypeError);
    expect(ran).to.equal(false);
    expect((object as { fixed: number }).fixed).to.equal(1);
  });

  it('nests: inner patches of the same object are undone first', () => {
    const object = { a: 1, b: 2 };
    const seen = withPatched(object, 'a', 10, () => withPatched(object, 'b', 20, () => ({ ...object })));
    expect(seen).to.deep.equal({ a: 10, b: 20 });
    expect(object).to.deep.equal({ a: 1, b: 2 });
  });
});

describe('snapshotProperties', () => {
  it('puts back replaced properties and removes ones added meanwhile', () => {
    const plugins: Record<string, unknown> = { modal: 'bootstrap' };
    const restore = snapshotProperties(plugins, ['modal', 'tooltip']);
    plugins['modal'] = 'materialize';
    plugins['tooltip'] = 'materialize';
    restore();
    expect(plugins).to.deep.equal({ modal: 'bootstrap' });
  });
});
