// Types for the modules the Storybook config uses that ship none.

declare module 'virtual:custom-elements-manifest' {
  /** The custom elements manifest (schema 2.x) of src/elements, made by .storybook/assets.ts. */
  const manifest: object;
  export default manifest;
}

declare module '@custom-elements-manifest/analyzer/cli.js' {
  /** The analyser's command line as a function; with `noWrite` it returns the manifest and writes nothing. */
  export function cli(options: { argv: string[]; cwd: string; noWrite?: boolean }): Promise<object>;
}
