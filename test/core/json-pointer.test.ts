// JSON pointers (RFC 6901) are built and parsed in one place; a key with "/" or "~" must survive the round trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { childPointer, decodeSegment, encodeSegment, parentPointer, pointerSegments, toPointer } from '../../src/core/json.js';

test('segments are escaped as RFC 6901 says: ~ first, then /', () => {
  assert.equal(encodeSegment('x/y~z'), 'x~1y~0z');
  assert.equal(decodeSegment('x~1y~0z'), 'x/y~z');
  // "~01" is an escaped "~" followed by "1", never a "/".
  assert.equal(decodeSegment('~01'), '~1');
  assert.equal(toPointer([]), '');
  assert.equal(toPointer(['a', 0, 'b/c']), '/a/0/b~1c');
  assert.equal(childPointer('/a', '~'), '/a/~0');
});

test('parents and segments', () => {
  assert.deepEqual(pointerSegments(''), []);
  assert.deepEqual(pointerSegments('/'), ['']);
  assert.deepEqual(pointerSegments('/a~1b/0'), ['a/b', '0']);
  assert.equal(parentPointer('/a/b~1c'), '/a');
  assert.equal(parentPointer('/a'), '');
  assert.equal(parentPointer(''), '');
});

test('property: any path survives toPointer → pointerSegments', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 5 }), (path) => {
      assert.deepEqual(pointerSegments(toPointer(path)), path);
    }),
  );
});
