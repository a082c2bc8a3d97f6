/** fast-check generators of JSON Schemas, shared by the Node model tests and the Chromium element tests. */
import fc from 'fast-check';

const key = fc.oneof(fc.constantFrom('apiKey', 'client_id', 'region', 'url', 'a', 'x-y', 'with space', '__proto__', 'constructor', '0', 'é', ''), fc.string({ maxLength: 8 }));
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
    fc.record(
      {
        type: fc.constant('array'),
        items: fc.oneof(
          keywords.map((k) => ({ enum: k.enum ?? ['a'] })),
          fc.record({ oneOf: fc.array(fc.record({ const: fc.jsonValue({ maxDepth: 0 }), title: text }, { requiredKeys: ['const'] }), { maxLength: 4 }) }),
        ),
        uniqueItems: fc.boolean(),
        minItems: fc.nat(3),
        maxItems: fc.nat(4),
        default: fc.jsonValue({ maxDepth: 1 }),
      },
      { requiredKeys: ['type', 'items'] },
    ),
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
export const rootArb = fc.tuple(schemaArb.object, schemaArb.schema, schemaArb.schema).map(([root, a, b]) => ({ ...root, $defs: { a }, definitions: { b } }));

// ---- Well-formed schemas for the browser/server differential test ----
// Every construct SPEC lists (types, nested objects, lists, maps, enum and oneOf consts, const,
// readOnly, hidden, if/then/else, dependentRequired, dependentSchemas, allOf, $ref, formats, limits,
// pattern), over a small vocabulary of keys so that generated values hit the generated properties.

/** The property names the differential schemas and values share ("x/y~z" exercises pointer escaping). */
export const FIELD_KEYS = ['a', 'b', 'c', 'd', 'x/y~z'] as const;
const fieldKey = fc.constantFrom(...FIELD_KEYS);
const sample = fc.constantFrom(
  '',
  'a',
  'abc',
  'Zürich',
  'https://example.com',
  'not a url',
  'name@example.com',
  '123e4567-e89b-12d3-a456-426614174000',
  '2025-01-31T09:30:00Z',
  'api.example.com',
  'x y',
);
const common = { title: fc.constantFrom('API key', 'Region', 'Host'), description: fc.constantFrom('Help text.'), readOnly: fc.constant(true), 'x-widget': fc.constant('hidden') };

const stringSchema = fc.record(
  {
    type: fc.constantFrom('string', ['string', 'null']),
    format: fc.constantFrom('uri', 'email', 'hostname', 'uuid', 'date-time', 'password'),
    minLength: fc.integer({ min: 0, max: 3 }),
    maxLength: fc.integer({ min: 2, max: 12 }),
    pattern: fc.constantFrom('^[a-z]+$', '^\\p{L}+$', '^https://'),
    writeOnly: fc.constant(true),
    examples: fc.constant(['abc']),
    default: sample,
    ...common,
  },
  { requiredKeys: ['type'] },
);
const numberSchema = fc.record(
  {
    type: fc.constantFrom('number', 'integer'),
    minimum: fc.integer({ min: -3, max: 2 }),
    maximum: fc.integer({ min: 3, max: 8 }),
    exclusiveMinimum: fc.integer({ min: -5, max: 0 }),
    exclusiveMaximum: fc.integer({ min: 5, max: 9 }),
    multipleOf: fc.constantFrom(1, 2, 0.5),
    ...common,
  },
  { requiredKeys: ['type'] },
);
const booleanSchema = fc.record({ type: fc.constant('boolean'), 'x-widget': fc.constantFrom('switch', 'hidden'), default: fc.boolean(), readOnly: fc.constant(true) }, { requiredKeys: ['type'] });
const choiceSchema = fc.oneof(
  fc.record({ type: fc.constant('string'), enum: fc.uniqueArray(sample, { minLength: 1, maxLength: 5 }), ...common }, { requiredKeys: ['enum'] }),
  fc.record(
    { oneOf: fc.uniqueArray(fc.constantFrom('us', 'eu', 'apac', 1, 2), { minLength: 1, maxLength: 4 }).map((values) => values.map((v) => ({ const: v, title: `Choice ${v}` }))), ...common },
    { requiredKeys: ['oneOf'] },
  ),
);
/** An array of choices (a group of checkboxes): enum or oneOf items, with or without uniqueItems, limits and a default. */
const choiceArraySchema = fc.record(
  {
    type: fc.constant('array'),
    title: fc.constantFrom('Scopes', 'Events'),
    items: choiceSchema,
    uniqueItems: fc.boolean(),
    minItems: fc.nat(2),
    maxItems: fc.integer({ min: 1, max: 3 }),
    default: fc.uniqueArray(fc.constantFrom('a', 'abc', 'us', 'eu', 1), { maxLength: 3 }),
    readOnly: fc.constant(true),
    description: fc.constant('Help text.'),
  },
  { requiredKeys: ['type', 'items'] },
);
const constSchema = fc.record({ const: fc.oneof(sample, fc.integer({ min: 0, max: 3 })) });
const leafSchema = fc.oneof(
  stringSchema,
  stringSchema,
  numberSchema,
  booleanSchema,
  choiceSchema,
  constSchema,
  fc.constant({ $ref: '#/$defs/shared' }),
  fc.constant({ allOf: [{ $ref: '#/$defs/shared' }] }),
);

/** An object's parts: properties over FIELD_KEYS and some of them required. */
const objectParts = (value: fc.Arbitrary<unknown>) =>
  fc
    .record({ properties: fc.dictionary(fieldKey, value, { maxKeys: 3 }), required: fc.uniqueArray(fieldKey, { maxLength: 2 }) })
    // Mostly requirements the form can meet; sometimes one with no property behind it.
    .chain((o) => fc.nat(3).map((n) => (n > 0 ? { ...o, required: o.required.filter((k) => Object.hasOwn(o.properties, k)) } : o)));

const condition = fc.tuple(fieldKey, fc.oneof(sample, fc.integer({ min: 0, max: 3 }), fc.boolean())).map(([k, v]) => ({ properties: { [k]: { const: v } }, required: [k] }));

export const differentialSchemaArb = fc.letrec<{ schema: unknown; object: Record<string, unknown> }>((tie) => ({
  schema: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leafSchema,
    leafSchema,
    tie('object'),
    fc.record(
      {
        type: fc.constant('array'),
        title: fc.constant('Items'),
        items: fc.oneof(leafSchema, tie('object')),
        minItems: fc.nat(2),
        maxItems: fc.integer({ min: 2, max: 4 }),
        uniqueItems: fc.constant(true),
      },
      { requiredKeys: ['type', 'items'] },
    ),
    fc.record({ type: fc.constant('array'), items: choiceSchema.filter((c) => 'enum' in c) }),
    choiceArraySchema,
    fc.record({ type: fc.constant('object'), additionalProperties: leafSchema }),
  ),
  object: fc
    .record(
      {
        type: fc.constant('object'),
        parts: objectParts(tie('schema')),
        conditional: fc.record({ if: condition, then: objectParts(leafSchema), else: objectParts(leafSchema) }, { requiredKeys: ['if'] }),
        dependentRequired: fc.dictionary(fieldKey, fc.uniqueArray(fieldKey, { minLength: 1, maxLength: 2 }), { maxKeys: 2 }),
        dependentSchemas: fc.dictionary(fieldKey, objectParts(leafSchema), { maxKeys: 1 }),
        allOf: fc.array(objectParts(leafSchema), { minLength: 1, maxLength: 2 }),
        additionalProperties: fc.constant(false),
      },
      { requiredKeys: ['type', 'parts'] },
    )
    .map(({ parts, conditional, ...rest }) => ({ ...rest, ...parts, ...(conditional ?? {}) })),
}));

/** A root schema for the differential test: 2020-12, or draft-07 with `dependencies` instead of `dependent*`. */
export const differentialRootArb = fc
  .tuple(
    differentialSchemaArb.object,
    leafSchema.filter((s) => !('$ref' in s) && !('allOf' in s)),
    fc.boolean(),
  )
  .map(([root, shared, draft7]) => {
    const out: Record<string, unknown> = { ...root, $defs: { shared } };
    if (draft7) {
      const { dependentRequired, dependentSchemas, ...rest } = out;
      const dependencies = { ...(dependentSchemas as object), ...(dependentRequired as object) };
      return { $schema: 'http://json-schema.org/draft-07/schema#', ...rest, ...(Object.keys(dependencies).length ? { dependencies } : {}) };
    }
    return out;
  });

/** Values over the given keys: samples, numbers, booleans, null, nested objects and lists of them. */
export function valuesArb(keys: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const k = fc.constantFrom(...keys);
  const leaf = fc.oneof(sample, sample, fc.integer({ min: -6, max: 10 }), fc.constantFrom(0.5, 2.5), fc.boolean(), fc.constant(null), fc.constantFrom('us', 'eu', 1, 2));
  const { value } = fc.letrec<{ value: unknown }>((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, leaf, leaf, fc.dictionary(k, tie('value'), { maxKeys: 4 }), fc.array(tie('value'), { maxLength: 3 })),
  }));
  return fc.dictionary(k, value, { maxKeys: keys.length });
}

/** A sample that passes a string schema's `format`, `pattern` and length where one of the samples does. */
const PLAUSIBLE: Record<string, string> = {
  uri: 'https://example.com',
  email: 'name@example.com',
  hostname: 'api.example.com',
  uuid: '123e4567-e89b-12d3-a456-426614174000',
  'date-time': '2025-01-31T09:30:00Z',
};

/**
 * Values shaped by a schema (what a user who reads the form would type), drawn with fast-check's
 * `gen`: choices among the allowed values, numbers in range, formats honoured, lists and objects filled.
 * Conditions and limits are left to chance, so both verdicts occur.
 */
export function plausibleValues(root: Record<string, unknown>, g: fc.GeneratorValue): Record<string, unknown> {
  const resolve = (s: unknown): Record<string, unknown> => {
    if (typeof s !== 'object' || s === null) return {};
    const o = s as Record<string, unknown>;
    if (o.$ref === '#/$defs/shared') return resolve((root.$defs as Record<string, unknown>).shared);
    if (Array.isArray(o.allOf)) return Object.assign({}, ...o.allOf.map(resolve), { ...o, allOf: undefined });
    return o;
  };
  const value = (raw: unknown, depth: number): unknown => {
    const s = resolve(raw);
    if ('const' in s) return s.const;
    if (Array.isArray(s.enum)) return g(fc.constantFrom, ...(s.enum as unknown[]));
    if (Array.isArray(s.oneOf)) return (g(fc.constantFrom, ...(s.oneOf as Array<{ const: unknown }>)) as { const: unknown }).const;
    const type = Array.isArray(s.type) ? s.type[0] : s.type;
    if (type === 'string') return typeof s.format === 'string' && PLAUSIBLE[s.format] ? PLAUSIBLE[s.format] : g(fc.constantFrom, 'abc', 'Zürich', 'https://example.com');
    if (type === 'integer' || type === 'number') return g(fc.integer, { min: 0, max: 4 }) * 2;
    if (type === 'boolean') return g(fc.boolean);
    const items = resolve(s.items);
    if (type === 'array' && (Array.isArray(items.enum) || Array.isArray(items.oneOf))) {
      // What a user ticks: some of the choices, each once.
      const choices = Array.isArray(items.enum) ? (items.enum as unknown[]) : (items.oneOf as Array<{ const: unknown }>).map((o) => o.const);
      return choices.filter(() => g(fc.boolean));
    }
    if (type === 'array') return depth > 3 ? [] : Array.from({ length: g(fc.integer, { min: 0, max: 2 }) }, () => value(s.items, depth + 1));
    if (type === 'object' || typeof s.properties === 'object') {
      const out: Record<string, unknown> = {};
      if (depth > 3) return out;
      const props = { ...((s.properties as object) ?? {}) } as Record<string, unknown>;
      if (typeof s.additionalProperties === 'object') props[g(fc.constantFrom, 'X-Team', 'env')] = s.additionalProperties;
      const required = Array.isArray(s.required) ? s.required : [];
      for (const [k, sub] of Object.entries(props))
        if (required.includes(k) || g(fc.integer, { min: 0, max: 3 }) > 0) Object.defineProperty(out, k, { value: value(sub, depth + 1), enumerable: true, writable: true, configurable: true });
      return out;
    }
    return g(fc.constantFrom, 'abc', 1, true);
  };
  return value(root, 0) as Record<string, unknown>;
}
