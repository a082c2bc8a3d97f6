/** fast-check generators of JSON Schemas, shared by the Node model tests and the Chromium element tests. */
import fc from 'fast-check';

const key = fc.oneof(
  fc.constantFrom('apiKey', 'client_id', 'region', 'url', 'a', 'x-y', 'with space', '__proto__', 'constructor', '0', 'é', ''),
  fc.string({ maxLength: 8 }),
);
const text = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('<img src=x onerror=alert(1)>', 'Line\nbreak', ''));
const scalarType = fc.constantFrom('string', 'number', 'integer', 'boolean', 'null');

const keywords = fc.record(
  {
    title: text,
    description: text,
    default: fc.jsonValue({ maxDepth: 1 }),
    examples: fc.array(fc.jsonValue({ maxDepth: 0 }), { maxLength: 2 }),
    format: fc.constantFrom('uri', 'email', 'hostname', 'uuid', 'date-time', 'password', 'unknown-format'),
    minLength: fc.integer({ min: -1, max: 5 }),
    maxLength: fc.integer({ min: 0, max: 5 }),
    pattern: fc.constantFrom('^[a-z]+$', '^\\p{L}+$', '[', '(?<n>a)'),
    minimum: fc.integer({ min: -5, max: 5 }),
    exclusiveMaximum: fc.integer({ min: -5, max: 5 }),
    multipleOf: fc.constantFrom(1, 2, 0.5),
    writeOnly: fc.boolean(),
    readOnly: fc.boolean(),
    'x-secret': fc.boolean(),
    'x-order': fc.oneof(fc.integer({ min: -3, max: 3 }), fc.string({ maxLength: 2 })),
    'x-widget': fc.constantFrom('textarea', 'select', 'radio', 'switch', 'hidden', 'unknown'),
    'x-help-uri': fc.constantFrom('https://docs.example.com', 'javascript:alert(1)', 'not a url'),
    enum: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 6 }),
    const: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);

/** Arbitrary schemas: mostly sensible, sometimes malformed, always finite. */
export const schemaArb = fc.letrec((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.tuple(fc.oneof(scalarType, fc.array(scalarType, { maxLength: 3 })), keywords).map(([type, k]) => ({ type, ...k })),
    tie('object'),
    fc.record({ type: fc.constant('array'), items: tie('schema'), minItems: fc.nat(3), maxItems: fc.nat(4) }, { requiredKeys: ['type'] }),
    fc.record({ type: fc.constant('object'), additionalProperties: tie('schema') }),
    fc.record({ allOf: fc.array(tie('schema'), { minLength: 1, maxLength: 2 }) }),
    fc.record({ anyOf: fc.array(tie('schema'), { maxLength: 3 }) }),
    fc.record({ oneOf: fc.array(fc.record({ const: fc.jsonValue({ maxDepth: 0 }), title: text }, { requiredKeys: ['const'] }), { maxLength: 4 }) }),
    fc.record({ $ref: fc.constantFrom('#/$defs/a', '#/definitions/b', '#', '#/nowhere', 'http://example.com/x') }),
    fc.record({ not: tie('schema') }),
    fc.constantFrom(true, false, {}, null, 'string', 3, []),
  ),
  object: fc
    .record(
      {
        type: fc.constantFrom('object', ['object', 'null'], undefined),
        properties: fc.dictionary(key, tie('schema'), { maxKeys: 4 }),
        required: fc.array(key, { maxLength: 3 }),
        if: tie('schema'),
        then: tie('schema'),
        else: tie('schema'),
        dependentRequired: fc.dictionary(key, fc.array(key, { maxLength: 2 }), { maxKeys: 2 }),
        dependentSchemas: fc.dictionary(key, tie('schema'), { maxKeys: 1 }),
        additionalProperties: fc.boolean(),
      },
      { requiredKeys: ['properties'] },
    )
    .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined))),
}));

/** A root schema: an object with properties and a couple of definitions to point at. */
export const rootArb = fc
  .tuple(schemaArb.object, schemaArb.schema, schemaArb.schema)
  .map(([root, a, b]) => ({ ...root, $defs: { a }, definitions: { b } }));
