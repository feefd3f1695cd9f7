// `npm run docs:screenshots`: copies the README's pictures from the last e2e run
// (test-results/screens/, written by `npm test` or `npm run test:e2e`) into docs/screenshots/.
// The e2e bridge keeps its data in ~/.config/Signet under a home of its own, so the status bar in
// every picture shows that, never a temporary path. Fails, naming the file, when a picture the
// README uses was not produced by the run — a renamed screenshot cannot silently go stale.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const from = process.argv[2] ?? 'test-results/screens'
const to = 'docs/screenshots'
const used = [...readFileSync('README.md', 'utf8').matchAll(/docs\/screenshots\/([\w.-]+\.png)/g)].map((m) => m[1])
const missing = used.filter((name) => !existsSync(join(from, name)))
if (missing.length > 0) {
  console.error(
    `signet: the README uses ${missing.join(', ')}, which the e2e run did not write to ${from}/. Run the e2e tests first (npm run test:e2e).`,
  )
  process.exit(2)
}
mkdirSync(to, { recursive: true })
for (const name of new Set(used)) copyFileSync(join(from, name), join(to, name))
console.log(`copied ${new Set(used).size} screenshots from ${from}/ to ${to}/`)
