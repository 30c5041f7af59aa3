// Typesets the page's formulas: a small TeX subset turned into MathML, which the browser
// lays out itself (MathML Core; no fonts or CSS to ship). The subset is what the catalogue
// and the panels write: letters, numbers, operators, ^ _ ' and groups, \frac \tfrac \sqrt,
// \left \right, cases and pmatrix, \text \operatorname \mathbf \textcolor, Greek letters,
// named functions, relations and spaces. It is not a TeX engine: no macros, no alignment
// environments beyond those two. Anything unknown shows as red source text, never throws.
// tests/web/tex.test.mjs checks every formula the page shows against KaTeX's MathML.

const MATH_NS = 'http://www.w3.org/1998/Math/MathML';

// Commands that stand for one token: [element, text, attributes].
const NORMAL = { mathvariant: 'normal' };
const SYMBOLS = {
  alpha: ['mi', 'α'], beta: ['mi', 'β'], gamma: ['mi', 'γ'], delta: ['mi', 'δ'], epsilon: ['mi', 'ϵ'],
  varepsilon: ['mi', 'ε'], zeta: ['mi', 'ζ'], eta: ['mi', 'η'], theta: ['mi', 'θ'], kappa: ['mi', 'κ'],
  lambda: ['mi', 'λ'], mu: ['mi', 'μ'], nu: ['mi', 'ν'], xi: ['mi', 'ξ'], pi: ['mi', 'π'], rho: ['mi', 'ρ'],
  sigma: ['mi', 'σ'], tau: ['mi', 'τ'], phi: ['mi', 'ϕ'], varphi: ['mi', 'φ'], chi: ['mi', 'χ'], psi: ['mi', 'ψ'],
  omega: ['mi', 'ω'], Gamma: ['mi', 'Γ', NORMAL], Delta: ['mi', 'Δ', NORMAL], Theta: ['mi', 'Θ', NORMAL],
  Lambda: ['mi', 'Λ', NORMAL], Pi: ['mi', 'Π', NORMAL], Sigma: ['mi', 'Σ', NORMAL], Phi: ['mi', 'Φ', NORMAL],
  Psi: ['mi', 'Ψ', NORMAL], Omega: ['mi', 'Ω', NORMAL], infty: ['mi', '∞'], partial: ['mi', '∂'], nabla: ['mi', '∇', NORMAL], ell: ['mi', 'ℓ'],
  le: ['mo', '≤'], leq: ['mo', '≤'], ge: ['mo', '≥'], geq: ['mo', '≥'], neq: ['mo', '≠'], ne: ['mo', '≠'],
  approx: ['mo', '≈'], equiv: ['mo', '≡'], sim: ['mo', '∼'], propto: ['mo', '∝'], cdot: ['mo', '⋅'],
  times: ['mo', '×'], div: ['mo', '÷'], pm: ['mo', '±'], mp: ['mo', '∓'], to: ['mo', '→'], rightarrow: ['mo', '→'],
  leftarrow: ['mo', '←'], Rightarrow: ['mo', '⇒'], implies: ['mo', '⟹'], iff: ['mo', '⟺'], in: ['mo', '∈'],
  mid: ['mo', '∣'], ldots: ['mo', '…'], cdots: ['mo', '⋯'], dots: ['mo', '…'], prime: ['mo', '′'],
  '{': ['mo', '{'], '}': ['mo', '}'], '|': ['mo', '∥'], '%': ['mo', '%'], '#': ['mo', '#'], '&': ['mo', '&'],
  _: ['mo', '_'], $: ['mo', '$'],
};
// Named functions, upright and followed by an invisible function application.
const FUNCTIONS = new Set(['sin', 'cos', 'tan', 'sinh', 'cosh', 'tanh', 'exp', 'ln', 'log', 'det', 'arg', 'sgn']);
// Big operators and named functions whose scripts go below and above in display style
// (unless \nolimits); inside a fraction MathML itself moves the sum's limits to the side.
const BIG_OPERATORS = { sum: '∑', prod: '∏' };
const LIMIT_FUNCTIONS = new Set(['max', 'min', 'lim', 'sup', 'inf']);
// \allowbreak marks where a long formula may wrap; MathML has no line breaking, so a caller
// that wants it typesets the pieces between the marks apart (regions/detail.js does).
const SPACES = { ',': '0.1667em', ':': '0.2222em', '>': '0.2222em', ';': '0.2778em', '!': '-0.1667em', quad: '1em', qquad: '2em', allowbreak: '0em' };
// Single characters that are operators (mo); '-' is drawn as the minus sign.
const OPERATORS = { '-': '−', '*': '∗', '+': '+', '=': '=', '<': '<', '>': '>', ',': ',', ';': ';', ':': ':',
  '!': '!', '?': '?', '(': '(', ')': ')', '[': '[', ']': ']' };
// Characters set as ordinary symbols, without an operator's spacing (as TeX does).
const ORDINARY = { '/': '/', '|': '∣' };
const ENVIRONMENTS = {
  cases: { open: '{', close: null, columnalign: 'left', rowspacing: '0.36em' },
  pmatrix: { open: '(', close: ')', columnalign: 'center', rowspacing: '0.16em' },
  bmatrix: { open: '[', close: ']', columnalign: 'center', rowspacing: '0.16em' },
  matrix: { open: null, close: null, columnalign: 'center', rowspacing: '0.16em' },
};

// A MathML tree: {tag, attrs, children} or {tag, attrs, text} for a token.
const node = (tag, children = [], attrs = {}) => ({ tag, attrs, children });
const token = (tag, text, attrs = {}) => ({ tag, attrs, text });
const row = (children) => (children.length === 1 ? children[0] : node('mrow', children));

class Parser {
  constructor(source, display) {
    this.s = source;
    this.i = 0;
    this.display = display;
  }

  fail(text) {
    return token('mtext', text, { mathcolor: '#cc0000' });
  }

  skipSpace() {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  // The command name at the cursor (after '\'), without moving.
  peekCommand() {
    if (this.s[this.i] !== '\\') return null;
    const m = /^[a-zA-Z]+/.exec(this.s.slice(this.i + 1));
    return m ? m[0] : this.s[this.i + 1] ?? '';
  }

  readCommand() {
    const name = this.peekCommand();
    this.i += 1 + name.length;
    return name;
  }

  // The raw text of a {group} (for \text, \operatorname, \begin and colours).
  readRawGroup() {
    this.skipSpace();
    if (this.s[this.i] !== '{') return this.s[this.i++] ?? '';
    let depth = 0;
    const start = this.i + 1;
    for (; this.i < this.s.length; this.i++) {
      if (this.s[this.i] === '{') depth++;
      else if (this.s[this.i] === '}' && --depth === 0) break;
    }
    return this.s.slice(start, this.i++);
  }

  // Parses items until '}', '&', '\\', \end, \right or the end; returns MathML nodes.
  list() {
    const items = [];
    for (;;) {
      this.skipSpace();
      if (this.i >= this.s.length) break;
      const c = this.s[this.i];
      if (c === '}' || c === '&') break;
      const cmd = this.peekCommand();
      if (cmd === '\\' || cmd === 'end' || cmd === 'right') break;
      if (c === '^' || c === '_') {
        this.i++;
        if (!items.length) items.push({ base: node('mrow') });
        const last = items[items.length - 1];
        last[c === '^' ? 'sup' : 'sub'] = this.argument();
        continue;
      }
      if (c === "'") {
        let primes = '';
        while (this.s[this.i] === "'") { primes += '′'; this.i++; }
        if (!items.length) items.push({ base: node('mrow') });
        items[items.length - 1].sup = token('mo', primes, { lspace: '0em', rspace: '0em' });
        continue;
      }
      if (cmd === 'nolimits' || cmd === 'limits') {
        this.readCommand();
        if (items.length) items[items.length - 1].limits = cmd === 'limits';
        continue;
      }
      items.push(this.atom());
    }
    return items.flatMap((item) => this.finish(item));
  }

  // An item with its scripts -> nodes (limits below/above for big operators in display style).
  finish(item) {
    const { base, sub, sup } = item;
    let out = base;
    const under = item.limits ?? (item.limitOp && this.display);
    if (sub && sup) out = node(under ? 'munderover' : 'msubsup', [base, sub, sup]);
    else if (sub) out = node(under ? 'munder' : 'msub', [base, sub]);
    else if (sup) out = node(under ? 'mover' : 'msup', [base, sup]);
    return item.apply ? [out, token('mo', '\u2061')] : [out];
  }

  // A script or command argument: a {group}, a command, or one character.
  argument() {
    this.skipSpace();
    const c = this.s[this.i];
    if (c === '{' || c === '\\') return row(this.finish(this.atom()));
    this.i++;
    if (c === undefined) return node('mrow');
    return this.character(c);
  }

  group() {
    this.skipSpace();
    if (this.s[this.i] !== '{') return this.argument();
    this.i++;
    const inner = this.list();
    if (this.s[this.i] === '}') this.i++;
    return row(inner);
  }

  character(c) {
    if (/[0-9.]/.test(c)) return token('mn', c);
    if (/\p{L}/u.test(c)) return token('mi', c);
    if (c === '~') return token('mtext', '\u00a0');
    if (c in ORDINARY) return token('mi', ORDINARY[c], NORMAL);
    const attrs = c === '(' || c === ')' || c === '[' || c === ']' ? { stretchy: 'false' } : c === ',' ? { separator: 'true' } : {};
    return token('mo', OPERATORS[c] ?? c, attrs);
  }

  // One item: {base, apply?, limitOp?}; scripts are added by list().
  atom() {
    const c = this.s[this.i];
    if (c === '{') return { base: this.group() };
    if (c !== '\\') {
      const num = /^[0-9]*\.?[0-9]+/.exec(this.s.slice(this.i));
      if (num) {
        this.i += num[0].length;
        return { base: token('mn', num[0]) };
      }
      this.i++;
      return { base: this.character(c) };
    }
    const name = this.readCommand();
    if (name in SPACES) return { base: node('mspace', [], { width: SPACES[name] }) };
    if (name === ' ') return { base: token('mtext', '\u00a0') };
    if (name in SYMBOLS) {
      const [tag, text, attrs] = SYMBOLS[name];
      return { base: token(tag, text, attrs) };
    }
    if (FUNCTIONS.has(name)) return { base: token('mi', name), apply: true };
    if (name in BIG_OPERATORS) return { base: token('mo', BIG_OPERATORS[name]), limitOp: true };
    if (LIMIT_FUNCTIONS.has(name)) return { base: token('mi', name), apply: true, limitOp: true };
    switch (name) {
      case 'frac': case 'tfrac': case 'dfrac': {
        const frac = node('mfrac', [this.group(), this.group()]);
        if (name === 'frac') return { base: frac };
        return { base: node('mstyle', [frac], { displaystyle: String(name === 'dfrac'), scriptlevel: '0' }) };
      }
      case 'sqrt':
        return { base: node('msqrt', [this.group()]) };
      case 'text': case 'textrm': case 'mbox':
        return { base: token('mtext', this.readRawGroup().replace(/ /g, '\u00a0')) };
      case 'operatorname': case 'mathrm':
        return { base: token('mi', this.readRawGroup(), NORMAL), apply: name === 'operatorname' };
      case 'mathbf': case 'boldsymbol':
        return { base: withVariant(this.group(), 'bold') };
      case 'mathit':
        return { base: withVariant(this.group(), 'italic') };
      case 'textcolor': case 'color': {
        const colour = this.readRawGroup().trim();
        const body = name === 'color' ? row(this.list()) : this.group();
        if (!/^(#[0-9a-fA-F]{3,8}|[a-zA-Z]+)$/.test(colour)) return { base: this.fail(`\\${name}{${colour}}`) };
        return { base: node('mstyle', [body], { mathcolor: colour }) };
      }
      case 'left':
        return { base: this.fenced() };
      case 'begin':
        return { base: this.environment(this.readRawGroup()) };
      default:
        return { base: this.fail(`\\${name}`) };
    }
  }

  delimiter() {
    this.skipSpace();
    if (this.s[this.i] === '\\') {
      const name = this.readCommand();
      return name === '{' || name === '}' ? name : name === '|' ? '∥' : name === 'langle' ? '⟨' : name === 'rangle' ? '⟩' : '';
    }
    const c = this.s[this.i++];
    return c === '.' || c === undefined ? '' : c;
  }

  // \left( ... \right): fences that grow with their content.
  fenced() {
    const open = this.delimiter();
    const inner = this.list();
    let close = '';
    if (this.peekCommand() === 'right') {
      this.readCommand();
      close = this.delimiter();
    }
    return node('mrow', [token('mo', open, { fence: 'true' }), ...inner, token('mo', close, { fence: 'true' })]);
  }

  // \begin{name} rows separated by \\, cells by &, until \end{name}.
  environment(name) {
    const env = ENVIRONMENTS[name];
    if (!env) return this.fail(`\\begin{${name}}`);
    const rows = [];
    let cells = [];
    for (;;) {
      cells.push(node('mtd', [node('mstyle', [row(this.list())], { displaystyle: 'false', scriptlevel: '0' })]));
      if (this.s[this.i] === '&') {
        this.i++;
        continue;
      }
      const cmd = this.peekCommand();
      if (cmd === '\\') {
        this.readCommand();
        rows.push(node('mtr', cells));
        cells = [];
        continue;
      }
      if (cmd === 'end') {
        this.readCommand();
        this.readRawGroup();
      }
      break;
    }
    const lastEmpty = cells.length === 1 && cells[0].children[0].children[0].tag === 'mrow' && !cells[0].children[0].children[0].children.length;
    if (!lastEmpty) rows.push(node('mtr', cells));
    const columns = Math.max(1, ...rows.map((r) => r.children.length));
    const table = node('mtable', rows, {
      rowspacing: env.rowspacing, columnalign: Array(columns).fill(env.columnalign).join(' '), columnspacing: '1em',
    });
    const parts = [];
    if (env.open) parts.push(token('mo', env.open, { fence: 'true' }));
    parts.push(table);
    if (env.close) parts.push(token('mo', env.close, { fence: 'true' }));
    return parts.length === 1 ? table : node('mrow', parts);
  }
}

function withVariant(tree, variant) {
  if (tree.tag === 'mi' || tree.tag === 'mn') return { ...tree, attrs: { ...tree.attrs, mathvariant: variant } };
  if (tree.children) return { ...tree, children: tree.children.map((c) => withVariant(c, variant)) };
  return tree;
}

/** The MathML tree of a TeX source: <math> with the formula and its source as annotation. */
export function texToTree(source, { display = false } = {}) {
  const parser = new Parser(String(source), display);
  const items = [];
  while (parser.i < parser.s.length) {
    items.push(...parser.list());
    // A stray closer ('}', '&', '\\', \end, \right) at the top level: show it and go on.
    if (parser.i < parser.s.length) {
      const cmd = parser.peekCommand();
      const text = cmd ? `\\${cmd}` : parser.s[parser.i];
      parser.i += text.length;
      items.push(parser.fail(text));
    }
  }
  const semantics = node('semantics', [node('mrow', items), token('annotation', String(source), { encoding: 'application/x-tex' })]);
  return node('math', [semantics], display ? { display: 'block' } : {});
}

const escapeXml = (s) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

/** A MathML tree as markup (for tests and tools; the page builds DOM nodes instead). */
export function treeToMarkup(tree) {
  const attrs = Object.entries(tree.attrs).map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
  const inner = tree.text !== undefined ? escapeXml(tree.text) : tree.children.map(treeToMarkup).join('');
  const ns = tree.tag === 'math' ? ` xmlns="${MATH_NS}"` : '';
  return `<${tree.tag}${ns}${attrs}>${inner}</${tree.tag}>`;
}

function treeToDom(doc, tree) {
  const el = doc.createElementNS(MATH_NS, tree.tag);
  for (const [k, v] of Object.entries(tree.attrs)) el.setAttribute(k, v);
  if (tree.text !== undefined) el.textContent = tree.text;
  else for (const c of tree.children) el.append(treeToDom(doc, c));
  return el;
}

/** Replaces the content of `target` with the formula `source` (display: a centred block). */
export function typeset(target, source, { display = false } = {}) {
  target.replaceChildren(treeToDom(target.ownerDocument, texToTree(source, { display })));
}

/** Replaces the content of `target` with text whose parts between $ signs are inline formulas. */
export function typesetText(target, text) {
  const doc = target.ownerDocument;
  target.replaceChildren(...String(text).split('$').map((part, i) => {
    if (i % 2 === 0) return part;
    const span = doc.createElement('span');
    typeset(span, part);
    return span;
  }));
}
