// What `npm pack` puts in the tarball besides the build: the license the package is published under,
// the changelog and the README, and none of the repository's tests, benchmarks or examples.
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test } from 'vitest'
import { runBounded } from '../support/boundedProcess.ts'

const root = resolve(import.meta.dirname, '../..')

test('the tarball carries LICENSE (MIT, as package.json says), CHANGELOG.md and README.md', { timeout: 60_000 }, async () => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(VITEST|npm_lifecycle_|npm_package_)/.test(name)))
  // --ignore-scripts: the file list without building dist/ (prepack); dist/ is listed as the build leaves it.
  const { code, stdout, stderr } = await runBounded('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, env, timeoutMs: 50_000 })
  expect(code, stderr).toBe(0)
  const files = (JSON.parse(stdout) as [{ files: { path: string }[] }])[0].files.map((file) => file.path)
  const outsideBuild = files.filter((path) => !path.startsWith('dist/') && !path.startsWith('fixtures/')).sort()
  expect(outsideBuild).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'package.json'])

  const license = readFileSync(join(root, 'LICENSE'), 'utf8')
  expect((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { license: string }).license).toBe('MIT')
  expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} image-api-emulator contributors\n/)
  expect(readFileSync(join(root, 'CHANGELOG.md'), 'utf8')).toMatch(/^# Changelog\n[\s\S]*keepachangelog\.com[\s\S]*\n## \[Unreleased\]\n/)
})
