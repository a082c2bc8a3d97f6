// `npm run size:pack`: what a user downloads. Packs the built package (dry run), prints the packed and
// unpacked size and the largest files, and fails when the tarball exceeds its budget. Run after
// `npm run build`; callable on its own or from a benchmark script.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** The packed tarball's budget: today about 160 kB (dist without source maps, types, README, LICENSE). */
export const PACKED_BUDGET = 180 * 1000;

/** The tarball's sizes and files, as `npm pack --dry-run --json` reports them. */
export function packSize() {
  if (!existsSync('dist/index.js')) throw new Error('dist/ is missing: run npm run build first');
  const [info] = JSON.parse(execFileSync('npm', ['pack', '--dry-run', '--json'], { encoding: 'utf8', maxBuffer: 1 << 24 }));
  return { size: info.size, unpackedSize: info.unpackedSize, files: info.files.map((f) => ({ path: f.path, size: f.size })) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { size, unpackedSize, files } = packSize();
  const kb = (n) => `${(n / 1000).toFixed(1)} kB`;
  console.log(`npm pack: ${kb(size)} packed, ${kb(unpackedSize)} unpacked, ${files.length} files (budget ${kb(PACKED_BUDGET)} packed)`);
  for (const f of [...files].sort((a, b) => b.size - a.size).slice(0, 8)) console.log(`  ${kb(f.size).padStart(9)}  ${f.path}`);
  if (size > PACKED_BUDGET) {
    console.error(`over budget by ${kb(size - PACKED_BUDGET)}`);
    process.exit(1);
  }
}
