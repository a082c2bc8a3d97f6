// The size budget, checked by `npm run size` (part of `npm test`, after `npm run build`): it fails
// when the script-tag build grows past its limit. Sizes are min+gzip (level 9), in kB of 1000 bytes.
//
// Today the limit is the current size plus a small margin, so that growth is a decision, not an
// accident. Next step (issue 21): at most 40 kB for everything an OAuth connector needs, and at
// most 20 kB on the path to the first rendered API-key form (the validator, OAuth, popover
// positioning and other locales loaded when first needed). `npm run bench` prints both figures.
export default [
  {
    name: 'dist/connect-widget.js (script-tag build, everything inside)',
    path: 'dist/connect-widget.js',
    gzip: true,
    // 46 kB before <connect-catalog> (44.3 kB); the catalog (element, styles, search) adds about 7 kB
    // to the script-tag build, which registers every element (issue 20). The connect session, the
    // split OAuth core and the shared walker (issue 15) and the CORS-ready transport add 1.6 kB more
    // (53.6 kB); raised to 54.5 kB with them. Issue 16's widget half (case-insensitive and prefix
    // masking, secret fields of every type, the Retry-After countdown, redirect refusal) adds about
    // 0.9 kB, and issue 19's arrays of choices as checkboxes, focus after success and forced-colours
    // rules 0.7 kB: raised to 56.3 kB. Shrinking it is issue 21's code splitting.
    // Languages (issue 19): the i18n catalogs (en bundled: every string by a typed id), the Intl-based
    // translator and the locale controller add about 4 kB (on issue 19's branch alone 53.3 → 57.4 kB);
    // the other five catalogs are separate chunks loaded only when a locale asks for them. Measured
    // 59.7 kB after merging them with the above: raised to 60 kB.
    limit: '60 kB',
  },
];
