/** Every nesting cap of the schema walker and the validators, named in one place. */

/** Fields nested deeper than this become a JSON text area: that is not a form a person fills in. */
export const MAX_FIELD_DEPTH = 12;

/** A `$ref` chain longer than this is treated like a recursive one (the field becomes JSON). */
export const MAX_REF_DEPTH = 32;

/** `if`/`then`/`else` and dependent schemas nested deeper than this inside one object are not applied to its fields. */
export const MAX_CONDITION_DEPTH = 8;

/** Conditions can add fields that change other conditions: the field set is recomputed at most this often. */
export const MAX_CONDITION_PASSES = 4;
