// A table's page: header with live status, and the Overview, Items and Indexes tabs (Backups: table-backups.js).
import { call } from './api.js';
import {
  h, fill, button, breadcrumbs, panel, field, fact, choices, radioValue, alertBox, errorText, flash, flashError,
  confirmDialog, tableStatusBadge, formatBytes, formatTime, toMillis, keyOf, keyLabel, attributeType, typeName,
  tableHref,
} from './ui.js';
import { parseItem, formatItem, plainLosesTypes, shortValue, keyText } from './item-json.js';
import { backupsTab } from './table-backups.js';

const TABS = [['overview', 'Overview'], ['items', 'Items'], ['indexes', 'Indexes'], ['backups', 'Backups']];

export async function tablePage(page, name, tab, query) {
  const status = h('span', { 'data-testid': 'table-page-status' });
  const content = h('div');
  fill(page.root,
    breadcrumbs(['DynamoDB', '#/tables'], ['Tables', '#/tables'], [name]),
    h('h1', {}, name, status),
    h('nav', { class: 'tabs' }, TABS.map(([id, label]) =>
      h('a', { href: tableHref(name, id), class: id === tab ? 'active' : '', 'data-tab': id }, label))),
    content);
  let table;
  try {
    table = (await call('DescribeTable', { TableName: name })).Table;
  } catch (e) {
    fill(content, alertBox('error', errorText(e, `Could not open table ${name}`)));
    return;
  }
  fill(status, tableStatusBadge(table));
  const refreshers = [];
  const context = {
    page, name, table: () => table,
    /** Called with the new description after every poll. */
    onRefresh: (fn) => refreshers.push(fn),
  };
  page.poll(async () => {
    table = (await call('DescribeTable', { TableName: name })).Table;
    if (!page.alive) return;
    fill(status, tableStatusBadge(table));
    refreshers.forEach((fn) => fn(table));
  }, 2500);
  if (tab === 'items') await itemsTab(content, context, query);
  else if (tab === 'indexes') indexesTab(content, context);
  else if (tab === 'backups') await backupsTab(content, context);
  else await overviewTab(content, context);
}

// ---- Overview ----

async function overviewTab(content, context) {
  const facts = h('div', { class: 'facts', 'data-testid': 'overview' });
  let pitr = null;
  const render = (t) => {
    const restore = t.RestoreSummary;
    const indexes = (t.GlobalSecondaryIndexes || []).length + (t.LocalSecondaryIndexes || []).length;
    fill(facts,
      fact('Partition key', keyLabel(t, t.KeySchema, 'HASH')),
      fact('Sort key', keyLabel(t, t.KeySchema, 'RANGE')),
      fact('Capacity mode', t.BillingModeSummary && t.BillingModeSummary.BillingMode === 'PROVISIONED'
        ? `Provisioned (${t.ProvisionedThroughput.ReadCapacityUnits} RCU, ${t.ProvisionedThroughput.WriteCapacityUnits} WCU)`
        : 'On-demand'),
      fact('Table status', tableStatusBadge(t), 'overview-status'),
      fact('Item count', String(t.ItemCount)),
      fact('Table size', formatBytes(t.TableSizeBytes)),
      fact('Average item size', t.ItemCount ? formatBytes(Math.round(t.TableSizeBytes / t.ItemCount)) : '-'),
      fact('Indexes', String(indexes)),
      fact('Point-in-time recovery', pitr === null ? '-' : pitr ? 'On' : 'Off', 'overview-pitr'),
      fact('Encryption', t.SSEDescription && t.SSEDescription.Status === 'ENABLED'
        ? `AWS KMS (${t.SSEDescription.KMSMasterKeyArn})` : 'Owned by Amazon DynamoDB'),
      fact('Table class', t.TableClassSummary ? t.TableClassSummary.TableClass : 'STANDARD'),
      fact('Deletion protection', t.DeletionProtectionEnabled ? 'On' : 'Off'),
      fact('Creation date', formatTime(toMillis(t.CreationDateTime))),
      fact('Amazon Resource Name (ARN)', h('span', { class: 'mono' }, t.TableArn)),
      restore ? fact('Restored from', restore.SourceBackupArn || restore.SourceTableArn) : null,
      restore ? fact('Restore date and time', formatTime(toMillis(restore.RestoreDateTime))) : null,
      restore ? fact('Restore in progress', restore.RestoreInProgress ? 'Yes' : 'No') : null);
  };
  fill(content, panel('General information', { testid: 'general-information' }, facts));
  render(context.table());
  context.onRefresh(render);
  try {
    const r = await call('DescribeContinuousBackups', { TableName: context.name });
    pitr = r.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus === 'ENABLED';
    render(context.table());
  } catch (e) {
    // a table still being created or restored has no PITR status yet
    if (e.name !== 'TableNotFoundException' || context.table().TableStatus === 'ACTIVE') {
      flashError(e, 'Could not read the point-in-time recovery status');
    }
  }
}

// ---- Indexes ----

function indexesTab(content, context) {
  const grid = (rows, global) => h('div', { class: 'grid-wrap' }, h('table', { class: 'grid' },
    h('thead', {}, h('tr', {}, ['Name', global ? 'Status' : null, 'Partition key', 'Sort key', 'Projected attributes',
      'Size', 'Item count'].filter(Boolean).map((t) => h('th', {}, t)))),
    h('tbody', {}, rows.length === 0
      ? h('tr', {}, h('td', { class: 'empty', colspan: 7, 'data-testid': global ? 'no-gsi' : 'no-lsi' },
        global ? 'No global secondary indexes' : 'No local secondary indexes'))
      : rows.map((i) => h('tr', { 'data-index': i.IndexName },
        h('td', {}, i.IndexName),
        global ? h('td', {}, i.IndexStatus === 'ACTIVE' ? h('span', { class: 'badge green' }, 'Active') : i.IndexStatus) : null,
        h('td', {}, keyLabel(context.table(), i.KeySchema, 'HASH')),
        h('td', {}, keyLabel(context.table(), i.KeySchema, 'RANGE')),
        h('td', {}, i.Projection.ProjectionType === 'INCLUDE'
          ? `Include: ${(i.Projection.NonKeyAttributes || []).join(', ')}`
          : ({ ALL: 'All', KEYS_ONLY: 'Only keys' })[i.Projection.ProjectionType] || i.Projection.ProjectionType),
        h('td', {}, formatBytes(i.IndexSizeBytes)),
        h('td', {}, String(i.ItemCount ?? '-')))))));
  const t = context.table();
  const gsis = t.GlobalSecondaryIndexes || [];
  const lsis = t.LocalSecondaryIndexes || [];
  fill(content,
    panel('Global secondary indexes', { count: gsis.length, testid: 'gsi-panel' }, grid(gsis, true)),
    panel('Local secondary indexes', { count: lsis.length, testid: 'lsi-panel' }, grid(lsis, false)));
}

// ---- Items ----

const PAGE_SIZE = 25;
const SORT_OPERATORS = [['=', 'Equal to'], ['<', 'Less than'], ['<=', 'Less than or equal to'], ['>', 'Greater than'],
  ['>=', 'Greater than or equal to'], ['between', 'Between'], ['begins_with', 'Begins with']];

async function itemsTab(content, context) {
  const t = context.table();
  const tableKeys = [keyOf(t.KeySchema, 'HASH'), keyOf(t.KeySchema, 'RANGE')].filter(Boolean);
  const indexes = [...(t.GlobalSecondaryIndexes || []), ...(t.LocalSecondaryIndexes || [])];
  const state = { mode: 'scan', index: '', starts: [null], pageNumber: 0, items: [], last: null, selected: new Set() };

  const results = h('div');
  const message = h('div');
  const indexSelect = h('select', { name: 'index', onchange: () => { state.index = indexSelect.value; renderQueryFields(); } },
    h('option', { value: '' }, `Table - ${context.name}`),
    indexes.map((i) => h('option', { value: i.IndexName }, `Index - ${i.IndexName}`)));
  const queryFields = h('div', { class: 'toolbar', hidden: true });
  const partitionValue = h('input', { type: 'text', name: 'partition-value', placeholder: 'Enter the partition key value' });
  const sortOperator = h('select', { name: 'sort-operator' }, SORT_OPERATORS.map(([v, l]) => h('option', { value: v }, l)));
  const sortValue = h('input', { type: 'text', name: 'sort-value', placeholder: 'Sort key value (optional)' });
  const sortValue2 = h('input', { type: 'text', name: 'sort-value-2', placeholder: 'and', hidden: true });
  sortOperator.addEventListener('change', () => { sortValue2.hidden = sortOperator.value !== 'between'; });
  const modeButtons = h('div', { class: 'segmented' });

  const schemaOf = () => (state.index ? indexes.find((i) => i.IndexName === state.index).KeySchema : t.KeySchema);

  function renderQueryFields() {
    const schema = schemaOf();
    const pk = keyOf(schema, 'HASH');
    const sk = keyOf(schema, 'RANGE');
    queryFields.hidden = state.mode !== 'query';
    fill(queryFields,
      field(`${pk} (Partition key, ${typeName(attributeType(t, pk))})`, partitionValue),
      sk ? field(`${sk} (Sort key, ${typeName(attributeType(t, sk))})`, h('div', { class: 'inline' }, sortOperator, sortValue, sortValue2)) : null);
    fill(modeButtons, [['scan', 'Scan'], ['query', 'Query']].map(([m, label]) =>
      h('button', { type: 'button', class: state.mode === m ? 'on' : '', 'data-mode': m,
        onclick: () => { state.mode = m; renderQueryFields(); } }, label)));
  }

  const typed = (name, text) => ({ [attributeType(t, name)]: text });

  function request() {
    const r = { TableName: context.name, Limit: PAGE_SIZE };
    if (state.index) r.IndexName = state.index;
    const start = state.starts[state.pageNumber];
    if (start) r.ExclusiveStartKey = start;
    if (state.mode === 'query') {
      const pk = keyOf(schemaOf(), 'HASH');
      const sk = keyOf(schemaOf(), 'RANGE');
      if (!partitionValue.value) throw new Error(`Enter a value for the partition key ${pk}.`);
      r.KeyConditionExpression = '#pk = :pk';
      r.ExpressionAttributeNames = { '#pk': pk };
      r.ExpressionAttributeValues = { ':pk': typed(pk, partitionValue.value) };
      if (sk && sortValue.value) {
        const op = sortOperator.value;
        r.ExpressionAttributeNames['#sk'] = sk;
        r.ExpressionAttributeValues[':sk'] = typed(sk, sortValue.value);
        if (op === 'between') {
          r.ExpressionAttributeValues[':sk2'] = typed(sk, sortValue2.value);
          r.KeyConditionExpression += ' AND #sk BETWEEN :sk AND :sk2';
        } else if (op === 'begins_with') {
          r.KeyConditionExpression += ' AND begins_with(#sk, :sk)';
        } else {
          r.KeyConditionExpression += ` AND #sk ${op} :sk`;
        }
      }
    }
    return r;
  }

  async function run() {
    fill(message);
    let r;
    try {
      r = request();
    } catch (e) {
      fill(message, alertBox('error', e.message));
      return;
    }
    try {
      const answer = await call(state.mode === 'query' ? 'Query' : 'Scan', r);
      state.items = answer.Items || [];
      state.last = answer.LastEvaluatedKey || null;
      state.selected.clear();
      renderResults();
    } catch (e) {
      fill(message, alertBox('error', errorText(e, `Could not ${state.mode} ${context.name}`)));
    }
  }

  const itemKey = (item) => Object.fromEntries(tableKeys.map((k) => [k, item[k]]));
  const keyId = (item) => JSON.stringify(itemKey(item));

  function renderResults() {
    const columns = [...tableKeys];
    state.items.forEach((item) => Object.keys(item).forEach((n) => { if (!columns.includes(n)) columns.push(n); }));
    const selectedItems = state.items.filter((i) => state.selected.has(keyId(i)));
    fill(results, panel('Items returned', {
      count: state.items.length,
      testid: 'items-panel',
      actions: [
        button('Edit item', () => openEditor(selectedItems[0]), { disabled: selectedItems.length !== 1, action: 'edit-item' }),
        button('Delete items', () => deleteItems(selectedItems), { disabled: selectedItems.length === 0, action: 'delete-items' }),
        button('Create item', () => openEditor(null), { primary: true, action: 'create-item' }),
      ],
    },
    h('div', { class: 'grid-wrap' }, h('table', { class: 'grid', 'data-testid': 'items' },
      h('thead', {}, h('tr', {}, h('th', { class: 'select' }), columns.map((c) => h('th', {}, c)))),
      h('tbody', {}, state.items.length === 0
        ? h('tr', {}, h('td', { class: 'empty', colspan: columns.length + 1 }, 'No items'))
        : state.items.map((item) => {
          const id = keyId(item);
          return h('tr', { class: state.selected.has(id) ? 'selected' : '', 'data-key': keyText(itemKey(item)) },
            h('td', { class: 'select' }, h('input', { type: 'checkbox', checked: state.selected.has(id),
              onchange: (e) => { if (e.target.checked) state.selected.add(id); else state.selected.delete(id); renderResults(); } })),
            columns.map((c, i) => h('td', { class: 'value', 'data-attribute': c, title: shortValue(item[c]) },
              i === 0 ? h('a', { href: 'javascript:void 0', onclick: () => openEditor(item) }, shortValue(item[c]))
                : shortValue(item[c]))));
        })))),
    h('div', { class: 'pager' },
      h('span', { class: 'muted small' }, `Page ${state.pageNumber + 1}`),
      button('Previous page', () => { state.pageNumber--; run(); }, { disabled: state.pageNumber === 0, action: 'previous-page' }),
      button('Next page', () => { state.starts[state.pageNumber + 1] = state.last; state.pageNumber++; run(); },
        { disabled: !state.last, action: 'next-page' }))));
  }

  async function deleteItems(items) {
    const ok = await confirmDialog('Delete items', `Delete ${items.length} item${items.length === 1 ? '' : 's'} from ${context.name}?`, 'Delete');
    if (!ok) return;
    for (const item of items) {
      try {
        await call('DeleteItem', { TableName: context.name, Key: itemKey(item) });
      } catch (e) {
        flashError(e, `Could not delete item ${keyText(itemKey(item))}`);
      }
    }
    flash('success', `Deleted ${items.length} item${items.length === 1 ? '' : 's'}.`);
    await run();
  }

  async function openEditor(item) {
    let current = item;
    if (item) {
      try { // an index may project only some attributes: edit the whole item
        current = (await call('GetItem', { TableName: context.name, Key: itemKey(item), ConsistentRead: true })).Item || item;
      } catch (e) {
        flashError(e, 'Could not read the item');
        return;
      }
    }
    itemEditor(content, context, tableKeys, current, () => { fill(content, controls, message, results); run(); });
  }

  const controls = panel(`Scan or query items`, { testid: 'scan-panel' },
    h('div', { class: 'toolbar' }, modeButtons, field('Table or index', indexSelect),
      button('Run', () => { state.starts = [null]; state.pageNumber = 0; run(); }, { primary: true, action: 'run' }),
      button('Reset', () => { partitionValue.value = ''; sortValue.value = ''; sortValue2.value = ''; state.mode = 'scan';
        state.index = ''; indexSelect.value = ''; renderQueryFields(); state.starts = [null]; state.pageNumber = 0; run(); })),
    queryFields);
  renderQueryFields();
  fill(content, controls, message, results);
  await run();
}

/** The item editor: DynamoDB JSON or plain JSON; creates a new item, or saves an edited one (moving it when its key changed). */
function itemEditor(content, context, tableKeys, item, done) {
  let format = localStorage.getItem('rewind.itemFormat') || 'dynamodb';
  const template = item || Object.fromEntries(tableKeys.map((k) => [k, { [attributeType(context.table(), k)]: '' }]));
  const text = h('textarea', { name: 'item-text', class: 'item-text', spellcheck: 'false', 'data-testid': 'item-text' });
  text.value = formatItem(template, format);
  const error = h('div');
  const note = h('p', { class: 'hint' });
  const showNote = (i) => fill(note, format === 'json' && plainLosesTypes(i)
    ? 'This item has sets or binary values; plain JSON shows them as lists and strings, and saves them that way.' : '');
  showNote(template);
  const formatChoice = choices('item-format', [['dynamodb', 'DynamoDB JSON'], ['json', 'JSON']], format, (next) => {
    try {
      const parsed = parseItem(text.value, format);
      format = next;
      localStorage.setItem('rewind.itemFormat', format);
      text.value = formatItem(parsed, format);
      showNote(parsed);
      fill(error);
    } catch (e) {
      fill(error, alertBox('error', e.message));
      editor.querySelector(`input[name=item-format][value=${format}]`).checked = true;
    }
  });
  const save = async () => {
    fill(error);
    let next;
    try {
      next = parseItem(text.value, radioValue(editor, 'item-format'));
      for (const k of tableKeys) if (!next[k]) throw new Error(`The item needs its key attribute ${k}.`);
    } catch (e) {
      fill(error, alertBox('error', e.message));
      return;
    }
    const newKey = Object.fromEntries(tableKeys.map((k) => [k, next[k]]));
    const oldKey = item && Object.fromEntries(tableKeys.map((k) => [k, item[k]]));
    const moved = item && JSON.stringify(newKey) !== JSON.stringify(oldKey);
    try {
      const put = { TableName: context.name, Item: next };
      if (!item || moved) { // never overwrite another item by accident
        put.ConditionExpression = 'attribute_not_exists(#k)';
        put.ExpressionAttributeNames = { '#k': tableKeys[0] };
      }
      await call('PutItem', put);
      if (moved) await call('DeleteItem', { TableName: context.name, Key: oldKey });
      flash('success', `${item ? 'Saved' : 'Created'} item ${keyText(newKey)}.`);
      done();
    } catch (e) {
      const exists = e.name === 'ConditionalCheckFailedException';
      fill(error, alertBox('error', exists ? `An item with key ${keyText(newKey)} already exists (${e.describe()}).`
        : errorText(e, `Could not save item ${keyText(newKey)}`)));
    }
  };
  formatChoice.classList.add('horizontal');
  const editor = h('div', { 'data-testid': 'item-editor' },
    panel(item ? 'Edit item' : 'Create item', { description: `Attributes of an item of ${context.name}; the key is ${tableKeys.join(', ')}.` },
      h('div', { class: 'form', style: 'max-width:none' }, formatChoice, note, text, error,
        h('div', { class: 'form-actions', style: 'max-width:none' }, button('Cancel', done, { action: 'cancel' }),
          button(item ? 'Save changes' : 'Create item', save, { primary: true, action: 'save-item' })))));
  fill(content, editor);
  text.focus();
}
