/**
 * The README is the front door and docs/ holds the rest: what can be checked of that without a
 * reader is checked here. The README stays small and names the three commands (`.ci/run` runs its
 * test command); every relative link in the README and docs/ reaches a file, and a heading where
 * it names one; every `npm run X` they mention is a script of package.json; the architecture page
 * keeps its two walk-throughs.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const README = join(root, 'README.md');
const DOCS = join(root, 'docs');
const pages = [README, ...readdirSync(DOCS).filter((f) => f.endsWith('.md')).map((f) => join(DOCS, f))];
const text = (file: string) => readFileSync(file, 'utf8');
const name = (file: string) => relative(root, file);

/** The page without its fenced code blocks: a `#` or `[x](y)` inside one is not a heading or link. */
const prose = (markdown: string) => markdown.replace(/^```[\s\S]*?^```/gm, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped (not `-` or `_`), spaces to `-`. */
const anchorOf = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

const anchors = (file: string): Set<string> => {
  const seen = new Map<string, number>();
  const found = new Set<string>();
  for (const m of prose(text(file)).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = anchorOf(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    found.add(n === 0 ? base : `${base}-${n}`);
  }
  return found;
};

describe('the README', () => {
  it('is a front door: at most 15 KB', () => {
    expect(statSync(README).size).toBeLessThanOrEqual(15 * 1024);
  });

  it('names the three commands, the test command .ci/run runs among them', () => {
    const readme = text(README);
    for (const command of ['npm install', 'npm start', 'npm test']) expect(readme).toContain(`\n${command} `);
    expect(text(join(root, '.ci', 'run'))).toMatch(/^npm test$/m);
  });
});

describe('the README and docs/', () => {
  it('link only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const file of pages) {
      for (const m of prose(text(file)).matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)) {
        const target = m[1];
        if (/^[a-z]+:/i.test(target)) continue;
        const [path, anchor] = target.split('#');
        const to = path ? resolve(dirname(file), decodeURIComponent(path)) : file;
        if (!existsSync(to)) broken.push(`${name(file)} → ${target} (no such file)`);
        else if (anchor && to.endsWith('.md') && !anchors(to).has(decodeURIComponent(anchor))) broken.push(`${name(file)} → ${target} (no such heading)`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('name only npm scripts that package.json has', () => {
    const scripts = Object.keys((JSON.parse(text(join(root, 'package.json'))) as { scripts: Record<string, string> }).scripts);
    const unknown: string[] = [];
    for (const file of pages) {
      for (const m of text(file).matchAll(/npm run (?:--silent )?([a-z][\w:-]*)/g)) if (!scripts.includes(m[1])) unknown.push(`${name(file)}: npm run ${m[1]}`);
      // a list such as `bench:intake`, `bench:sync` names scripts too
      for (const m of text(file).matchAll(/`(bench:[\w-]+|release:[\w-]+)`/g)) if (!scripts.includes(m[1])) unknown.push(`${name(file)}: ${m[1]}`);
    }
    expect(unknown).toEqual([]);
  });

  it('keep the architecture walk-throughs for adding a field and a zone', () => {
    const headings = [...prose(text(join(DOCS, 'architecture.md'))).matchAll(/^#{2,3} (.+)$/gm)].map((m) => m[1].trim());
    expect(headings).toContain('How to add a field to a synced table');
    expect(headings).toContain('How to add a zone');
  });
});
