/**
 * The English catalog: every sentence and word the elements, the callback page and the reference
 * server show or announce, by id. It is the source of the `Messages` type: every other catalog has
 * exactly these ids, with the same `{placeholders}`. docs/i18n.md lists the ids and how to add one.
 *
 * A value is a string with `{name}` placeholders, or plural forms (`Intl.PluralRules` categories;
 * `other` required) chosen by the number in `{count}`.
 *
 * It is written in five parts, one per area, so that a bundle carries the English of the code it
 * holds: the elements' part is read by every translator (format.ts); the validation, request-error,
 * catalog and callback parts are added to it (`addEnglish`) by the module that words them
 * (messages.ts, errors.ts, core/catalog.ts, callback.ts). This module, all of them at once, is for
 * the server (all.ts), the types and the tests.
 */
import { enCallback } from './en-callback.js';
import { enCatalog } from './en-catalog.js';
import { enElements } from './en-elements.js';
import { enErrors } from './en-errors.js';
import { enValidation } from './en-validation.js';

export const en = { ...enElements, ...enValidation, ...enErrors, ...enCatalog, ...enCallback };
