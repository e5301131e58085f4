// The README as the consumer tests read it: its sections, their code blocks and the install commands, so
// what the tests run is what the README says, word for word.
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const repositoryRoot = resolve(import.meta.dirname, '../..')

export const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8')

/** The text under a heading (any level), up to the next heading of the same or a higher level. */
export function section(title: string, text = readme): string {
  const lines = text.split('\n')
  let inFence = false
  let start = -1
  let level = 0
  for (const [index, line] of lines.entries()) {
    if (line.startsWith('```')) inFence = !inFence
    if (inFence) continue
    const heading = /^(#+) (.*)$/.exec(line)
    if (!heading) continue
    if (start < 0 && heading[2]!.trim() === title) {
      start = index + 1
      level = heading[1]!.length
    } else if (start >= 0 && heading[1]!.length <= level) {
      return lines.slice(start, index).join('\n')
    }
  }
  if (start < 0) throw new Error(`README.md has no section "${title}"`)
  return lines.slice(start).join('\n')
}

export interface CodeBlock {
  language: string
  code: string
}

/** The fenced code blocks of a text, in order. */
export function codeBlocks(text: string): CodeBlock[] {
  return [...text.matchAll(/^```(\w*)\n([\s\S]*?)^```$/gm)].map((match) => ({ language: match[1]!, code: match[2]! }))
}

/** The first block of a language in a section; its first line (a `// file` comment) names the file. */
export function firstBlock(title: string, language: string): CodeBlock {
  const block = codeBlocks(section(title)).find((candidate) => candidate.language === language)
  if (!block) throw new Error(`README.md section "${title}" has no ${language} block`)
  return block
}

/**
 * Every `npm install` the Install section names, in code blocks or inline, as argument lists without
 * `npm install`: `[['-D', 'image-api-emulator'], ['-D', 'vitest'], …]`.
 */
export function installCommands(): string[][] {
  const text = section('Install')
  const commands = [...text.matchAll(/`{0,3}npm install ([^`\n]+)/g)].map((match) => match[1]!.replace(/#.*$/, '').trim().split(/\s+/))
  return commands
}
