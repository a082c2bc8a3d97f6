// The validator is fetched when first needed (src/core/validator.ts): a browser form renders before it
// arrives. Tests that call the core's validating functions directly load it first, as a server does.
import { loadValidator } from '../../src/core/validator.js';

await loadValidator();
