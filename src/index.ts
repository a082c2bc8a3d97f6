/** connect-widget: registers the elements (once, even if loaded twice) and exports their classes and types. */
import './define.js';
export * from './elements.js';
