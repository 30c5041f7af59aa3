// The Playground's model exchange: export the trained network as JSON (the "network fields"
// of design.md section 4: a file download plus a copyable text box) and import one back from
// a file or pasted text. A model that does not parse or does not fit the current problem is
// refused with a message and changes nothing; the engine validates the numbers.

import { el, uid } from '../../kit/dom.js';
import { exportModelCode } from '../../kit/model_code.js';

/**
 * Checks the shape of a parsed model against the problem ({inputs, outputs, output}) before
 * the engine sees it. Returns a message worded by the host's translator `i18n`, or '' when it fits.
 */
export function modelMismatch({ t }, model, head) {
  if (!model || typeof model !== 'object' || Array.isArray(model)) return t('pg.importNotModel');
  const L = model.layers;
  if (!Array.isArray(L) || L.length < 2 || !L.every((v) => Number.isInteger(v) && v >= 1)) return t('pg.importNotModel');
  if (L.length - 2 > 8 || L.slice(1, -1).some((w) => w > 64)) return t('pg.importTooBig');
  const inputs = Array.isArray(model.features) && model.features.length ? 2 : L[0];
  // No "output" is a linear one (the network fields' default). A regression net (linear head)
  // may end in any activation but softmax.
  const output = model.output ?? 'linear';
  const outputFits = output === head.output || (head.output === 'linear' && typeof output === 'string' && output !== 'softmax');
  if (inputs !== head.inputs || L[L.length - 1] !== head.outputs || !outputFits) {
    const named = model.output === undefined ? t('pg.noOutputGiven') : String(output);
    return t('pg.importMismatch', { got: `${L[0]} → … → ${L[L.length - 1]} (${named})`, want: `${head.inputs} → … → ${head.outputs} (${head.output})` });
  }
  return '';
}

/** Builds the "Model" group; returns { node }. */
export function buildModelIo(pg) {
  const { t, errorText } = pg.i18n;
  const node = el('fieldset', { class: 'group pg-io-group' }, el('legend', { text: t('pg.model') }));
  const id = uid('pg');
  const text = el('textarea', { id, class: 'pg-json', rows: 5, spellcheck: 'false', placeholder: t('pg.jsonPlaceholder') });
  const msg = el('p', { class: 'field-error pg-io-msg', role: 'alert', hidden: true, id: uid('pg') });
  const ok = el('p', { class: 'pg-ok', role: 'status', hidden: true });
  text.setAttribute('aria-describedby', msg.id);
  const say = (error, good = '') => {
    msg.hidden = !error; msg.textContent = error;
    ok.hidden = !good; ok.textContent = good;
  };

  const download = (body, type, name) => {
    const url = URL.createObjectURL(new Blob([body], { type }));
    const a = el('a', { href: url, download: name });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  const current = () => {
    const model = pg.session.trainer ? pg.session.trainer.exportModel() : null;
    if (!model) say(t('pg.nothingToExport'));
    return model;
  };
  const exportModel = () => {
    const model = current();
    if (!model) return;
    const json = JSON.stringify(model, null, 1);
    text.value = json;
    download(json, 'application/json', `activation-lab-model-${model.layers.join('-')}.json`);
    say('', t('pg.exported'));
  };
  // The same script as the command-line tool's op "export" (kit/model_code.js).
  const exportPytorch = () => {
    const model = current();
    if (!model) return;
    try {
      download(exportModelCode(pg.engine, model, 'pytorch'), 'text/x-python', `activation-lab-model-${model.layers.join('-')}.py`);
    } catch (e) {
      say(errorText(e));
      return;
    }
    say('', t('pg.exportedPy'));
  };

  const importText = (raw) => {
    let model;
    try {
      model = JSON.parse(raw);
    } catch (e) {
      say(t('pg.importBadJson', { msg: errorText(e) }));
      return;
    }
    const problem = pg.importModel(model);
    if (problem) say(problem); else say('', t('pg.imported'));
  };

  const file = el('input', { type: 'file', accept: '.json,application/json', class: 'pg-file', 'aria-label': t('pg.importFile') });
  file.addEventListener('change', async () => {
    const f = file.files && file.files[0];
    if (!f) return;
    const raw = await f.text();
    text.value = raw;
    file.value = '';
    importText(raw);
  });
  const copy = async () => {
    text.select();
    try { await navigator.clipboard.writeText(text.value); say('', t('pg.copied')); } catch { say('', t('pg.copyHint')); }
  };
  node.append(
    el('div', { class: 'pg-row' },
      el('button', { type: 'button', class: 'btn secondary pg-export', text: t('pg.export'), onclick: exportModel }),
      el('button', { type: 'button', class: 'btn secondary pg-export-py', text: t('pg.exportPy'), onclick: exportPytorch }),
      el('button', { type: 'button', class: 'btn secondary pg-copy', text: t('pg.copy'), onclick: copy })),
    el('label', { for: id, class: 'field-label pg-json-label', text: t('pg.jsonLabel') }), text, msg, ok,
    el('div', { class: 'pg-row' },
      el('button', { type: 'button', class: 'btn secondary pg-import', text: t('pg.import'), onclick: () => importText(text.value) }),
      el('label', { class: 'btn secondary pg-file-btn' }, t('pg.importFile'), file)));
  return { node };
}
