// V8's compilation hints in the packed core (scripts/pack-core.mjs, withCompilationHints): a
// custom section "compilationHints" before the code section, one byte per function defined
// in the module, marking exactly the functions it names (found in the linker's symbol map
// beside the build's core.js); core.js carries that binary; the tool's regions answer on the
// path that turns the hints on (a 2-D net past 32 hidden neurons) is the answer without them.

import test from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compress, withCompilationHints } from '../../scripts/pack-core.mjs';
import { coreModulePath } from '../../tools/core-loader.mjs';
import { root } from './helpers.mjs';
import { randomReluNet } from '../../bench/common.mjs';

const dir = path.dirname(coreModulePath());
const binary = readFileSync(path.join(dir, 'core_glue.wasm'));
const symbols = readFileSync(path.join(dir, 'core_glue.js.symbols'), 'utf8');

// The module's sections as {id, head (its first byte), start (its body's), end, name and body
// (custom sections), count (the function section's)}, and a reader of a LEB128 number.
function sections(bytes) {
  const out = [];
  let p = 8;
  const u32 = () => {
    let v = 0, shift = 0, byte;
    do {
      byte = bytes[p++];
      v |= (byte & 0x7f) << shift;
      shift += 7;
    } while (byte & 0x80);
    return v >>> 0;
  };
  while (p < bytes.length) {
    const head = p, id = bytes[p++], size = u32(), end = p + size;
    const section = { id, head, start: p, end };
    if (id === 0) {
      const len = u32();
      section.name = Buffer.from(bytes.subarray(p, p + len)).toString('utf8');
      section.body = p + len;
    }
    if (id === 3) section.count = u32();
    out.push(section);
    p = end;
  }
  return { list: out, u32At: (at) => { p = at; const v = u32(); return { v, next: p }; } };
}

const names = new Map(symbols.trim().split('\n').map((line) => {
  const at = line.indexOf(':');
  return [Number(line.slice(0, at)), line.slice(at + 1).replace(/\\([0-9a-f]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16)))];
}));

test('the hints section lies before the code section and marks the splitter, the writer and the formatter', () => {
  const hinted = withCompilationHints(binary, symbols);
  assert.ok(WebAssembly.validate(hinted), 'the module with its hints is valid WebAssembly');
  const { list, u32At } = sections(hinted);
  const at = list.findIndex((s) => s.name === 'compilationHints');
  assert.ok(at >= 0, 'no compilationHints section');
  assert.equal(list[at + 1].id, 10, 'the hints come right before the code section');
  assert.equal(list.filter((s) => s.name === 'compilationHints').length, 1);
  const defined = list.find((s) => s.id === 3).count;
  const { v: count, next } = u32At(list[at].body);
  assert.equal(count, defined, 'one hint per function defined in the module');
  assert.equal(list[at].end - next, defined);
  // Function indices count the imported functions first; the symbol map lists them too.
  const imported = [...names.keys()].length - defined;
  const marked = [];
  for (let i = 0; i < defined; ++i) {
    const hint = hinted[next + i];
    if (hint === 0) continue;
    assert.equal(hint, 0x23, 'lazy baseline, eager optimised top tier');
    marked.push(names.get(imported + i));
  }
  assert.equal(marked.length, 5, marked.join('\n'));
  for (const pattern of [/::Splitter2D::split_frame\(/, /::Splitter2D::advance\(/, /::Splitter2D::emit\(/, /::to_decimal\(/, /::write_2d\(/])
    assert.equal(marked.filter((n) => pattern.test(n)).length, 1, `${pattern} is marked once`);
  // Everything else is the linker's binary as it was.
  const { head, end } = list[at];
  assert.equal(hinted.length - binary.length, end - head);
  assert.ok(Buffer.from(hinted.subarray(0, head)).equals(binary.subarray(0, head)));
  assert.ok(Buffer.from(hinted.subarray(end)).equals(binary.subarray(head)));
});

test('a symbol map without one of the functions is refused, not packed without its hint', () => {
  const renamed = symbols.replace(/Splitter2D::split_frame/g, 'Splitter2D::cut_frame');
  assert.throws(() => withCompilationHints(binary, renamed), /0 functions match .*split_frame/);
});

test('core.js carries the hinted binary', () => {
  const packed = compress(withCompilationHints(binary, symbols)).toString('base64');
  assert.ok(readFileSync(coreModulePath(), 'utf8').includes(packed), 'core.js does not hold the LZMA of the hinted binary');
});

test('the tool answers a 2-D regions request on the hints path as without them', () => {
  const model = randomReluNet([2, 40, 40, 1], 3);
  const request = JSON.stringify({ op: 'regions', weights: model.weights, biases: model.biases, box: [-3, 3, -2, 2] });
  const tool = path.join(root, 'tools/alab.mjs');
  const hinted = spawnSync(process.execPath, [tool], { input: request, maxBuffer: 1 << 28 });
  const plain = spawnSync(process.execPath, ['--liftoff-only', tool], { input: request, maxBuffer: 1 << 28 });
  assert.equal(hinted.status, 0, hinted.stderr.toString());
  assert.equal(plain.status, 0, plain.stderr.toString());
  assert.equal(hinted.stderr.length, 0);
  assert.ok(hinted.stdout.length > 10000);
  assert.ok(hinted.stdout.equals(plain.stdout), 'the answers differ');
  assert.equal(JSON.parse(hinted.stdout).hidden_sizes.join(), '40,40');
});
