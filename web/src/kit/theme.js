// The colour theme of a host (the page, embed.html or one <activation-lab>): its setting
// (auto | light | dark, the URL's theme key or the element's theme attribute), the theme
// that setting means right now (auto follows the system's prefers-color-scheme), and the
// switch in the page header. The colours themselves are the stylesheet's custom properties
// under [data-theme] and kit/charts.js's palettes; this file only decides which one applies.

import { el } from './dom.js';
import { THEME_CODES } from '../state.js';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** "light" or "dark": what `setting` (auto | light | dark; anything else is auto) means now. */
export function resolveTheme(setting) {
  if (setting === 'light' || setting === 'dark') return setting;
  const mq = globalThis.matchMedia ? globalThis.matchMedia(DARK_QUERY) : null;
  return mq && mq.matches ? 'dark' : 'light';
}

/** The setting named by an attribute value ("dark", " Light "), or "auto". */
export function themeSetting(value) {
  const v = typeof value === 'string' ? value.trim().toLowerCase() : '';
  return THEME_CODES.includes(v) ? v : 'auto';
}

/** Calls onChange() whenever the system switches between light and dark; returns a stop function. */
export function watchSystemTheme(onChange) {
  const mq = globalThis.matchMedia ? globalThis.matchMedia(DARK_QUERY) : null;
  if (!mq) return () => {};
  const listener = () => onChange();
  mq.addEventListener('change', listener);
  return () => mq.removeEventListener('change', listener);
}

/**
 * The header's theme switch: three toggle buttons (auto, light, dark) in a labelled group,
 * the current one pressed. onChange(setting) when another is chosen.
 */
export function themeSwitch({ t }, setting, onChange) {
  const group = el('div', { class: 'theme-switch', role: 'group', 'aria-label': t('app.theme') });
  for (const code of THEME_CODES) {
    group.append(el('button', {
      type: 'button', class: 'theme-btn', dataset: { themeChoice: code },
      'aria-pressed': String(code === setting), text: t(`app.theme.${code}`),
      title: code === 'auto' ? t('app.theme.autoHint') : false,
      onclick: () => { if (code !== setting) onChange(code); },
    }));
  }
  return group;
}
