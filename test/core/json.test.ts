// src/core/json.ts: each of its functions with data, including the keys a schema or a server may use to subvert plain objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getOwn, isObject, parseJson, setOwn } from '../../src/core/json.js';

test('isObject: plain objects only', () => {
  assert.equal(isObject({}), true);
  assert.equal(isObject(Object.create(null)), true);
  for (const value of [[], null, undefined, 'x', 1, true]) assert.equal(isObject(value), false, String(value));
});

test('getOwn reads own properties only, never the prototype chain', () => {
  const holder = JSON.parse('{"__proto__": "own", "a": 1}') as object;
  assert.equal(getOwn(holder, '__proto__'), 'own');
  assert.equal(getOwn(holder, 'a'), 1);
  assert.equal(getOwn({}, 'constructor'), undefined);
  assert.equal(getOwn({}, 'toString'), undefined);
  assert.equal(getOwn(['x'], 0), 'x');
});

test('setOwn writes an own, enumerable property, even "__proto__", without touching the prototype', () => {
  const holder: Record<string, unknown> = {};
  setOwn(holder, '__proto__', { polluted: true });
  assert.equal(Object.getPrototypeOf(holder), Object.prototype);
  assert.deepEqual(Object.keys(holder), ['__proto__']);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  setOwn(holder, 'a', 1);
  setOwn(holder, 'a', 2);
  assert.equal(holder.a, 2, 'writable and configurable');
});

test('parseJson: the value, or undefined for anything that is not JSON (never throws)', () => {
  assert.deepEqual(parseJson('{"a":[1,"x",null,true]}'), { a: [1, 'x', null, true] });
  assert.equal(parseJson('"text"'), 'text');
  assert.equal(parseJson('0'), 0);
  for (const text of ['', '{', '<html>', 'undefined', "{'a':1}"]) assert.equal(parseJson(text), undefined, text);
});
