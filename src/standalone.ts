/** The script-tag build: everything inside, elements registered. */
export * from './index.js';
