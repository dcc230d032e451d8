// Small DOM and formatting helpers shared by the pages.
import { ApiError } from './api.js';

/** Builds an element: h('a', {href: '#/x', class: 'y', onclick: f}, 'text', child, [more]). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2), value);
    } else if (key === 'class') {
      el.className = value;
    } else if (key === 'value') {
      el.value = value;
    } else if (key === 'checked' || key === 'disabled' || key === 'selected') {
      el[key] = Boolean(value);
    } else {
      el.setAttribute(key, value === true ? '' : value);
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function button(label, onclick, options = {}) {
  return h('button', {
    type: 'button', class: `btn ${options.primary ? 'primary' : ''} ${options.link ? 'link' : ''}`.trim(),
    onclick, disabled: options.disabled, 'data-action': options.action || null, title: options.title,
  }, label);
}

export function breadcrumbs(...parts) {
  return h('div', { class: 'breadcrumbs' }, parts.map(([label, href]) => href ? h('a', { href }, label) : h('span', {}, label)));
}

export function panel(title, { count, actions = [], description, testid } = {}, ...body) {
  return h('section', { class: 'panel', 'data-testid': testid },
    h('div', { class: 'panel-head' },
      h('h2', {}, title, count !== undefined ? h('span', { class: 'count' }, ` (${count})`) : null),
      h('div', { class: 'actions' }, actions),
      description ? h('p', { class: 'panel-desc' }, description) : null),
    h('div', { class: 'panel-body' }, body));
}

export function field(label, control, hint, testid) {
  return h('div', { class: 'field', 'data-testid': testid }, h('label', {}, label),
    hint ? h('p', { class: 'hint' }, hint) : null, control);
}

export function fact(label, value, testid) {
  return h('div', { class: 'fact' }, h('div', { class: 'label' }, label),
    h('div', { class: 'value', 'data-testid': testid }, value === undefined || value === null || value === '' ? '-' : value));
}

/** A radio group: choices are [value, label, description?]. */
export function choices(name, options, selected, onchange) {
  return h('div', { class: 'choices', role: 'radiogroup' }, options.map(([value, label, desc]) =>
    h('label', {},
      h('input', { type: 'radio', name, value, checked: value === selected, onchange: () => onchange && onchange(value) }),
      h('span', {}, label, desc ? h('div', { class: 'desc' }, desc) : null))));
}

export function radioValue(root, name) {
  const checked = root.querySelector(`input[name="${name}"]:checked`);
  return checked ? checked.value : null;
}

/** An alert box; errors from the API are described in words. */
export function alertBox(kind, text, onclose) {
  return h('div', { class: `alert ${kind}`, role: kind === 'error' ? 'alert' : 'status', 'data-testid': `alert-${kind}` },
    h('div', { class: 'text' }, text),
    onclose ? h('button', { class: 'close', type: 'button', title: 'Dismiss', onclick: onclose }, '\u00d7') : null);
}

export function errorText(error, doing) {
  const detail = error instanceof ApiError ? error.describe() : (error && error.message) || String(error);
  return doing ? `${doing}: ${detail}` : detail;
}

/**
 * Messages above the page. One survives the navigation its action started (e.g. "Restoring ..." on the Tables list)
 * and goes at the next; success messages also fade after 15 seconds, errors stay until dismissed or navigated away.
 */
export function flash(kind, text) {
  const container = document.getElementById('flashes');
  const box = alertBox(kind, text, () => box.remove());
  container.prepend(box);
  while (container.children.length > 3) container.lastElementChild.remove();
  if (kind === 'success') setTimeout(() => box.remove(), 15000);
  return box;
}

/** Called on each navigation: drops the messages shown on the page before the previous one. */
export function ageFlashes() {
  for (const box of [...document.getElementById('flashes').children]) {
    if (box.dataset.seen) box.remove();
    else box.dataset.seen = 'yes';
  }
}

export function flashError(error, doing) {
  console.error(doing, error);
  return flash('error', errorText(error, doing));
}

export function clearFlashes() {
  document.getElementById('flashes').replaceChildren();
}

/** A confirmation dialog; resolves true when the user confirms. */
export function confirmDialog(title, message, confirmLabel, typed) {
  return new Promise((resolve) => {
    const input = typed ? h('input', { type: 'text', 'data-testid': 'confirm-input', placeholder: typed }) : null;
    const close = (answer) => { back.remove(); resolve(answer); };
    const confirm = button(confirmLabel, () => {
      if (typed && input.value !== typed) { input.focus(); return; }
      close(true);
    }, { primary: true, action: 'confirm' });
    const back = h('div', { class: 'modal-back' },
      h('div', { class: 'modal', role: 'dialog', 'aria-label': title },
        h('div', { class: 'panel-head' }, title),
        h('div', { class: 'panel-body' }, h('p', {}, message),
          typed ? field(`To confirm, type "${typed}".`, input) : null),
        h('div', { class: 'form-actions' }, button('Cancel', () => close(false), { action: 'cancel' }), confirm)));
    document.body.append(back);
    (input || confirm).focus();
  });
}

// ---- formatting ----

/** Epoch seconds (possibly fractional) to milliseconds, exactly. */
export function toMillis(epochSeconds) {
  return epochSeconds === undefined || epochSeconds === null ? null : Math.round(Number(epochSeconds) * 1000);
}

/** "2026-11-21 09:23:45.123 UTC" */
export function formatTime(millis) {
  if (millis === null || millis === undefined) return '-';
  return new Date(millis).toISOString().replace('T', ' ').replace('Z', ' UTC');
}

/** Parses "2026-11-21 09:23:45.123 UTC", ISO 8601, or epoch seconds; returns milliseconds or null. */
export function parseTime(text) {
  const t = String(text || '').trim();
  if (!t) return null;
  if (/^\d+(\.\d{1,3})?$/.test(t)) return toMillis(t);
  const iso = t.replace(/\s*UTC$/, 'Z').replace(' ', 'T');
  const withZone = /([zZ]|[+-]\d\d:?\d\d)$/.test(iso) ? iso : `${iso}Z`;
  const millis = Date.parse(withZone);
  return Number.isNaN(millis) ? null : millis;
}

export function formatBytes(bytes) {
  if (bytes === undefined || bytes === null) return '-';
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return unit === 0 ? `${value} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

export function formatDuration(millis) {
  const s = Math.round(millis / 1000);
  if (s < 120) return `${s} seconds`;
  if (s < 7200) return `${Math.round(s / 60)} minutes`;
  if (s < 172800) return `${Math.round(s / 3600)} hours`;
  return `${Math.round(s / 86400)} days`;
}

/** The words and color the AWS console uses for a table's status. */
export function tableStatusBadge(table) {
  const restoring = table.RestoreSummary && table.RestoreSummary.RestoreInProgress;
  const status = table.TableStatus;
  const [label, color] = restoring && status !== 'ACTIVE' ? ['Restoring', 'blue']
    : ({ ACTIVE: ['Active', 'green'], CREATING: ['Creating', 'blue'], UPDATING: ['Updating', 'blue'],
      DELETING: ['Deleting', 'blue'], ARCHIVING: ['Archiving', 'blue'], ARCHIVED: ['Archived', 'grey'],
      INACCESSIBLE_ENCRYPTION_CREDENTIALS: ['Inaccessible', 'red'] })[status] || [status, 'grey'];
  return h('span', { class: `badge ${color}`, 'data-status': label }, label);
}

export function backupStatusBadge(status) {
  const [label, color] = ({ AVAILABLE: ['Available', 'green'], CREATING: ['Creating', 'blue'],
    DELETED: ['Deleted', 'grey'] })[status] || [status, 'grey'];
  return h('span', { class: `badge ${color}`, 'data-status': label }, label);
}

export function keyOf(keySchema, type) {
  const element = (keySchema || []).find((k) => k.KeyType === type);
  return element ? element.AttributeName : null;
}

export function attributeType(table, name) {
  const d = (table.AttributeDefinitions || []).find((a) => a.AttributeName === name);
  return d ? d.AttributeType : 'S';
}

export function typeName(type) {
  return ({ S: 'String', N: 'Number', B: 'Binary' })[type] || type;
}

export function keyLabel(table, schema, type) {
  const name = keyOf(schema, type);
  return name ? `${name} (${typeName(attributeType(table, name))})` : '-';
}

/** Goes to a console location, e.g. navigate('#/tables/Music/backups'). */
export function navigate(hash) {
  if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = hash;
}

export function tableHref(name, tab) {
  return `#/tables/${encodeURIComponent(name)}${tab ? `/${tab}` : ''}`;
}
