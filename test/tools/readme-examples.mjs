// `npm run format`'s second step: each README code block marked `<!-- example: path -->` is
// rewritten to equal its file, so that formatting an example does not leave the README behind
// (test/package/readme.test.ts holds the two equal).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const path = `${root}README.md`;
const readme = readFileSync(path, 'utf8');
const synced = readme.replace(
  /<!-- example: (\S+) -->\n```(\w*)\n([\s\S]*?)\n```/g,
  (_, file, lang) => `<!-- example: ${file} -->\n\`\`\`${lang}\n${readFileSync(`${root}${file}`, 'utf8').replace(/\n$/, '')}\n\`\`\``,
);
if (synced !== readme) {
  writeFileSync(path, synced);
  console.log('README.md: example blocks updated from their files');
}
