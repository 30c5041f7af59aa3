// web/src/kit/tex.js, the page's TeX-to-MathML typesetter, on every formula the page shows:
// the activation catalogue's (from the core), the Softmax panel's, and the shapes the
// Nonlinearity and Regions panels build from numbers. Each must give the same MathML as
// KaTeX (the library it replaces, kept as a dev dependency for this comparison): the same
// symbols in the same order inside the same fractions, roots, scripts and tables.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import katex from 'katex';
import { texToTree, treeToMarkup } from '../../web/src/kit/tex.js';
import { FORMULA } from '../../web/src/panels/softmax/index.js';
import { mapTex, productName, texNum, gradientTex, diagTex } from '../../web/src/panels/regions/detail.js';
import { loadEngine } from '../../tools/core-loader.mjs';

// A small XML reader for the two MathML strings: {tag, children} and {text} nodes.
function parseMarkup(s) {
  const root = { tag: '#root', children: [] };
  const stack = [root];
  const entities = { amp: '&', lt: '<', gt: '>', quot: '"' };
  for (const m of s.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>|([^<]+)/g)) {
    if (m[4] !== undefined) stack.at(-1).children.push({ text: m[4].replace(/&(\w+);/g, (e, k) => entities[k] ?? e) });
    else if (m[1]) stack.pop();
    else {
      const n = { tag: m[2], children: [] };
      stack.at(-1).children.push(n);
      if (!m[3]) stack.push(n);
    }
  }
  return root;
}

// The structure that decides what a reader sees: token texts (spaces and invisible operators
// dropped) in order, inside fractions, roots, scripts, limits and tables; rows and styles are
// transparent, spacing and the TeX annotation ignored.
const TOKENS = new Set(['mi', 'mn', 'mo', 'mtext']);
const TRANSPARENT = new Set(['#root', 'span', 'math', 'semantics', 'mrow', 'mstyle', 'mpadded']);
const textOf = (n) => n.text ?? n.children.map(textOf).join('');
function skeleton(n) {
  if (n.text !== undefined || n.tag === 'annotation' || n.tag === 'mspace') return '';
  if (TOKENS.has(n.tag)) return textOf(n).replace(/[\s\u2061-\u2064\u200b]/g, '').replace(/∣/g, '|');
  if (TRANSPARENT.has(n.tag)) return n.children.map(skeleton).join('');
  return `${n.tag}(${n.children.filter((c) => c.text === undefined).map(skeleton).join('|')})`;
}

const ours = (tex, display) => treeToMarkup(texToTree(tex, { display }));
const theirs = (tex, display) => katex.renderToString(tex, { output: 'mathml', throwOnError: false, displayMode: display });

async function pageFormulas() {
  const engine = await loadEngine();
  const list = [];
  // Curves: inline formulas of every catalogue entry.
  for (const a of engine.activations()) list.push({ tex: a.formulaTex, display: false }, { tex: a.derivativeTex, display: false });
  for (const tex of Object.values(FORMULA)) list.push({ tex, display: true });
  // Why non-linearity: the collapsed product and the decision line (as its draw() writes them).
  const M = [1.25, -3.5e-7], c = -0.0625;
  list.push({ tex: `M = ${productName(3)} = \\begin{pmatrix} ${M.map(texNum).join(' & ')} \\end{pmatrix},\\quad c = ${texNum(c)}`, display: true });
  list.push({ tex: `\\sigma(M\\mathbf{x} + c) = \\tfrac12 \\iff ${texNum(M[0])}\\,x_1 - ${texNum(-M[1])}\\,x_2 - ${texNum(-c)} = 0`, display: true });
  // Regions: local maps (1 and 2 inputs, 1 and 3 outputs, entries that differ in colour).
  const A = [0.5, -1.25, 2, 0, 1e-5, -3], cs = [0.25, -0.75, 1.5];
  list.push({ tex: mapTex('M_{a}', A.slice(0, 1), cs.slice(0, 1), 1, 1), display: true });
  list.push({ tex: mapTex('M_{b}', A.slice(0, 2), cs.slice(0, 1), 2, 1, { A: [0.5, 1], c: [0.25] }), display: true });
  list.push({ tex: mapTex('M_{a}', A, cs, 2, 3, { A: A.map((v, i) => (i % 2 ? v : v + 1)), c: cs }), display: true });
  list.push({ tex: 'M_a \\neq M_b', display: true });
  list.push({ tex: `z = ${texNum(0.2727)}`, display: true }, { tex: gradientTex([0.04719, -3.5e-7]), display: true });
  // The 3-D surface's tile card: its map, a layer's diagonal, the D_l of its text.
  list.push({ tex: `A = W_{3} \\allowbreak D_{2}W_{2} \\allowbreak D_{1}W_{1} \\allowbreak = \\begin{pmatrix} ${texNum(7.502e-5)} & 0.0001858 \\end{pmatrix}`, display: true });
  list.push({ tex: diagTex(2, [1, 0.4, 1, 0.4]), display: true }, { tex: 'D_{3}', display: false }, { tex: 'D_l', display: false }, { tex: '\\alpha = 0.4', display: false });
  return list;
}

test('every formula the page shows typesets like KaTeX', async () => {
  const formulas = await pageFormulas();
  assert.ok(formulas.length > 60, `only ${formulas.length} formulas found`);
  const differ = [];
  for (const { tex, display } of formulas) {
    const want = skeleton(parseMarkup(theirs(tex, display)));
    const got = skeleton(parseMarkup(ours(tex, display)));
    if (got !== want) differ.push(`${tex}\n  KaTeX: ${want}\n  ours:  ${got}`);
  }
  assert.deepEqual(differ, [], `${differ.length} of ${formulas.length} formulas differ:\n${differ.join('\n')}`);
});

test('no formula the page shows uses a command the typesetter lacks', async () => {
  for (const { tex, display } of await pageFormulas()) assert.doesNotMatch(ours(tex, display), /mathcolor="#cc0000"/, tex);
});

test('an unknown command or a stray brace shows as red source text instead of throwing', () => {
  const out = ours('x + \\foo{y} } \\end{cases} \\right)', false);
  for (const bad of ['\\foo', '}', '\\end', '\\right']) assert.match(out, new RegExp(`<mtext mathcolor="#cc0000">${bad.replace(/\\/g, '\\\\')}</mtext>`));
  assert.match(ours('\\frac{1}{', false), /<mfrac><mn>1<\/mn><mrow><\/mrow><\/mfrac>/);
  assert.match(ours('\\textcolor{red" onclick="x}{1}', false), /mathcolor="#cc0000">\\textcolor/);
});

test('markup is escaped and the TeX source is kept as an annotation', () => {
  const out = ours('a < b \\text{ & <c>}', true);
  assert.match(out, /^<math xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML" display="block"><semantics>/);
  assert.match(out, /<mo>&lt;<\/mo>/);
  assert.match(out, /<mtext>\u00a0&amp;\u00a0&lt;c&gt;<\/mtext>/);
  assert.match(out, /<annotation encoding="application\/x-tex">a &lt; b \\text\{ &amp; &lt;c&gt;\}<\/annotation>/);
});

test('numbers stay whole, and \\tfrac12 takes one digit per argument', () => {
  assert.match(ours('0.044715 x^3', false), /<mn>0\.044715<\/mn><msup><mi>x<\/mi><mn>3<\/mn><\/msup>/);
  assert.match(ours('\\tfrac12', false), /<mfrac><mn>1<\/mn><mn>2<\/mn><\/mfrac>/);
  assert.match(ours('10^{-5}', false), /<msup><mn>10<\/mn><mrow><mo>−<\/mo><mn>5<\/mn><\/mrow><\/msup>/);
});
