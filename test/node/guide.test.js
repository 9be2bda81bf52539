// docs/keras-users.md cannot drift: each line of its TypeScript blocks appears in an examples/*.ts
// file, and each line of its Python blocks in a seed program (copied into test/fixtures/seeds).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const guide = readFileSync(new URL('docs/keras-users.md', root), 'utf8');
const blocks = (lang) => [...guide.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1]);
const norm = (s) => s.replace(/\s+/g, ' ').trim();
const linesOf = (lang) => blocks(lang).flatMap((b) => b.split('\n')).map(norm).filter(Boolean);

test('every TypeScript line of the guide is in an example', () => {
  const dir = new URL('examples/', root);
  const examples = readdirSync(dir).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(new URL(f, dir), 'utf8').split('\n').map(norm));
  const lines = linesOf('ts');
  assert.ok(lines.length >= 25, `${lines.length} lines`);
  const missing = lines.filter((l) => !examples.some((ex) => ex.some((e) => e.includes(l))));
  assert.equal(missing, [], 'lines of docs/keras-users.md found in no examples/*.ts');
});

// The seed programs, copied from the shared folder beside the repository (shared/seeds, where
// new ones arrive), so a clone tests itself.
const seeds = new URL('test/fixtures/seeds/', root);
{
  test('every Python line of the guide is in a seed program', () => {
    // Seed lines carry notebook numbering ("[13] 1 network.fit(...)", "05 np.set_..."): drop it.
    const seedLines = readdirSync(seeds).filter((f) => f.endsWith('.txt'))
      .flatMap((f) => readFileSync(new URL(f, seeds), 'utf8').split('\n'))
      .map((l) => norm(l.replace(/^\s*(\[\d+\]\s*)?(\d+\s+)?/, '')));
    const lines = linesOf('python');
    assert.ok(lines.length >= 15);
    const missing = lines.filter((l) => !seedLines.some((s) => s.includes(l)));
    assert.equal(missing, [], 'lines of docs/keras-users.md found in no seed');
  });
}

test.run();
