// Items as text: DynamoDB JSON ({"pk": {"S": "a"}}) and plain JSON ({"pk": "a"}), and conversions between them.
// Plain JSON numbers keep their exact digits (DynamoDB numbers have up to 38), so they are parsed here rather than
// with JSON.parse, which would round them to doubles.

const TYPES = ['S', 'N', 'B', 'BOOL', 'NULL', 'M', 'L', 'SS', 'NS', 'BS'];

/** A number of plain JSON with its digits as written. */
class JsonNumber {
  constructor(text) {
    this.text = text;
  }
}

/** Parses item text in the given format ('dynamodb' or 'json') into a DynamoDB JSON item; throws Error in words. */
export function parseItem(text, format) {
  if (format === 'dynamodb') {
    let item;
    try {
      item = JSON.parse(text);
    } catch (e) {
      throw new Error(`The item is not valid JSON: ${e.message}`);
    }
    checkDynamoItem(item);
    return item;
  }
  const value = parsePlain(text);
  if (!isObject(value)) throw new Error('The item must be a JSON object, like {"pk": "value"}.');
  const item = {};
  for (const [name, v] of Object.entries(value)) item[name] = toAttributeValue(v);
  return item;
}

/** Writes a DynamoDB JSON item as indented text in the given format. */
export function formatItem(item, format) {
  if (format === 'dynamodb') return JSON.stringify(item, null, 2);
  const plain = {};
  for (const [name, v] of Object.entries(item)) plain[name] = toPlain(v);
  return writePlain(plain, '');
}

/** True when plain JSON would lose something of this item (sets become lists, binary becomes strings). */
export function plainLosesTypes(item) {
  const lossy = (v) => v.SS || v.NS || v.BS || v.B !== undefined
    || (v.M && Object.values(v.M).some(lossy)) || (v.L && v.L.some(lossy));
  return Object.values(item).some(lossy);
}

/** A short text for one attribute value, for the items table. */
export function shortValue(v) {
  if (!v) return '';
  if (v.S !== undefined) return v.S;
  if (v.N !== undefined) return v.N;
  if (v.B !== undefined) return `(binary) ${v.B}`;
  if (v.BOOL !== undefined) return String(v.BOOL);
  if (v.NULL !== undefined) return 'null';
  if (v.SS) return `[${v.SS.map((s) => JSON.stringify(s)).join(', ')}]`;
  if (v.NS) return `[${v.NS.join(', ')}]`;
  if (v.BS) return `(binary set) [${v.BS.join(', ')}]`;
  return writePlain(toPlain(v), null);
}

/** "pk=a, sk=1" for a key (or any small item). */
export function keyText(key) {
  return Object.entries(key || {}).map(([n, v]) => `${n}=${shortValue(v)}`).join(', ');
}

function checkDynamoItem(item) {
  if (!isObject(item)) throw new Error('The item must be a JSON object, like {"pk": {"S": "value"}}.');
  for (const [name, v] of Object.entries(item)) checkAttributeValue(v, name);
}

function checkAttributeValue(v, path) {
  const keys = isObject(v) ? Object.keys(v) : [];
  if (keys.length !== 1 || !TYPES.includes(keys[0])) {
    throw new Error(`Attribute "${path}" must be an object with one type, like {"S": "text"} or {"N": "1"} `
      + `(types: ${TYPES.join(', ')}). Switch to JSON to write plain values.`);
  }
  if (v.M) Object.entries(v.M).forEach(([n, e]) => checkAttributeValue(e, `${path}.${n}`));
  if (v.L) v.L.forEach((e, i) => checkAttributeValue(e, `${path}[${i}]`));
}

function toAttributeValue(v) {
  if (v === null) return { NULL: true };
  if (v instanceof JsonNumber) return { N: v.text };
  if (typeof v === 'string') return { S: v };
  if (typeof v === 'boolean') return { BOOL: v };
  if (Array.isArray(v)) return { L: v.map(toAttributeValue) };
  const m = {};
  for (const [name, e] of Object.entries(v)) m[name] = toAttributeValue(e);
  return { M: m };
}

function toPlain(v) {
  if (v.S !== undefined) return v.S;
  if (v.N !== undefined) return new JsonNumber(v.N);
  if (v.B !== undefined) return v.B;
  if (v.BOOL !== undefined) return v.BOOL;
  if (v.NULL !== undefined) return null;
  if (v.SS) return v.SS.slice();
  if (v.NS) return v.NS.map((n) => new JsonNumber(n));
  if (v.BS) return v.BS.slice();
  if (v.L) return v.L.map(toPlain);
  const out = {};
  for (const [name, e] of Object.entries(v.M || {})) out[name] = toPlain(e);
  return out;
}

/** Plain JSON text; indent null writes it on one line. */
function writePlain(v, indent) {
  if (v === null) return 'null';
  if (v instanceof JsonNumber) return v.text;
  if (typeof v !== 'object') return JSON.stringify(v);
  const inner = indent === null ? null : `${indent}  `;
  const entries = Array.isArray(v) ? v.map((e) => writePlain(e, inner))
    : Object.entries(v).map(([k, e]) => `${JSON.stringify(k)}: ${writePlain(e, inner)}`);
  const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return open + close;
  if (indent === null) return `${open}${entries.join(', ')}${close}`;
  return `${open}\n${entries.map((e) => inner + e).join(',\n')}\n${indent}${close}`;
}

function isObject(v) {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof JsonNumber);
}

/** A JSON parser whose numbers are JsonNumber (exact digits). */
function parsePlain(text) {
  let i = 0;
  const fail = (what) => {
    const line = text.slice(0, i).split('\n').length;
    throw new Error(`The item is not valid JSON: ${what} at line ${line}.`);
  };
  const space = () => { while (i < text.length && ' \t\r\n'.includes(text[i])) i++; };
  const value = () => {
    space();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj = {};
      space();
      if (text[i] === '}') { i++; return obj; }
      for (;;) {
        space();
        if (text[i] !== '"') fail('expected a quoted attribute name');
        const name = string();
        space();
        if (text[i] !== ':') fail('expected ":"');
        i++;
        if (Object.prototype.hasOwnProperty.call(obj, name)) fail(`duplicate name "${name}"`);
        obj[name] = value();
        space();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === '}') { i++; return obj; }
        fail('expected "," or "}"');
      }
    }
    if (c === '[') {
      i++;
      const list = [];
      space();
      if (text[i] === ']') { i++; return list; }
      for (;;) {
        list.push(value());
        space();
        if (text[i] === ',') { i++; continue; }
        if (text[i] === ']') { i++; return list; }
        fail('expected "," or "]"');
      }
    }
    if (c === '"') return string();
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i));
    if (!literal) fail(i >= text.length ? 'unexpected end' : `unexpected "${c}"`);
    i += literal[0].length;
    if (literal[0] === 'true') return true;
    if (literal[0] === 'false') return false;
    if (literal[0] === 'null') return null;
    return new JsonNumber(literal[0]);
  };
  const string = () => {
    const match = /^"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"/.exec(text.slice(i));
    if (!match) fail('bad string');
    i += match[0].length;
    return JSON.parse(match[0]);
  };
  const result = value();
  space();
  if (i < text.length) fail('unexpected text after the item');
  return result;
}
