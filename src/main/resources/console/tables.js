// The Tables list (with live statuses) and the Create table form.
import { call, callAll, ApiError } from './api.js';
import {
  h, fill, button, breadcrumbs, panel, field, choices, radioValue, alertBox, errorText, flash, flashError,
  confirmDialog, tableStatusBadge, formatBytes, keyLabel, navigate, tableHref,
} from './ui.js';

/** Every table of the Region with its description and PITR status (null when it could not be read). */
export async function loadTables() {
  const names = await callAll('ListTables', {}, 'TableNames', 'ExclusiveStartTableName', 'LastEvaluatedTableName');
  const rows = await Promise.all(names.map(async (name) => {
    try {
      const { Table: table } = await call('DescribeTable', { TableName: name });
      const pitr = await call('DescribeContinuousBackups', { TableName: name })
        .then((r) => r.ContinuousBackupsDescription.PointInTimeRecoveryDescription.PointInTimeRecoveryStatus)
        .catch((e) => { // a table being created or restored has no PITR status yet
          if (e instanceof ApiError && e.name === 'TableNotFoundException') return null;
          throw e;
        });
      return { table, pitr };
    } catch (e) {
      if (e instanceof ApiError && e.name === 'ResourceNotFoundException') return null; // deleted meanwhile
      throw e;
    }
  }));
  return rows.filter(Boolean);
}

export async function tablesPage(page) {
  const selected = new Set();
  let rows = [];
  const body = h('tbody');
  const count = h('span', { class: 'count' });
  const deleteButton = button('Delete', () => deleteSelected(), { action: 'delete-tables', disabled: true });
  const filter = h('input', { type: 'text', placeholder: 'Find tables by name', 'data-testid': 'table-filter',
    oninput: () => render() });

  const render = () => {
    const shown = rows.filter((r) => r.table.TableName.toLowerCase().includes(filter.value.trim().toLowerCase()));
    fill(count, ` (${rows.length})`);
    deleteButton.disabled = selected.size === 0;
    if (shown.length === 0) {
      fill(body, h('tr', {}, h('td', { class: 'empty', colspan: 9 },
        rows.length === 0 ? 'No tables in this Region. Choose Create table to make one.' : 'No table matches.')));
      return;
    }
    fill(body, shown.map(({ table, pitr }) => {
      const name = table.TableName;
      const indexes = (table.GlobalSecondaryIndexes || []).length + (table.LocalSecondaryIndexes || []).length;
      return h('tr', { class: selected.has(name) ? 'selected' : '', 'data-table': name },
        h('td', { class: 'select' }, h('input', { type: 'checkbox', checked: selected.has(name), 'aria-label': `Select ${name}`,
          onchange: (e) => { if (e.target.checked) selected.add(name); else selected.delete(name); render(); } })),
        h('td', {}, h('a', { href: tableHref(name), 'data-testid': 'table-link' }, name)),
        h('td', { 'data-testid': 'table-status' }, tableStatusBadge(table)),
        h('td', {}, keyLabel(table, table.KeySchema, 'HASH')),
        h('td', {}, keyLabel(table, table.KeySchema, 'RANGE')),
        h('td', {}, String(indexes)),
        h('td', {}, String(table.ItemCount ?? '-')),
        h('td', {}, formatBytes(table.TableSizeBytes)),
        h('td', { 'data-testid': 'table-pitr' }, pitr === 'ENABLED' ? 'On' : pitr === 'DISABLED' ? 'Off' : '-'));
    }));
  };

  const load = async () => {
    const loaded = await loadTables();
    if (!page.alive) return;
    rows = loaded;
    const names = new Set(rows.map((r) => r.table.TableName));
    [...selected].forEach((n) => { if (!names.has(n)) selected.delete(n); });
    render();
  };

  const deleteSelected = async () => {
    const names = [...selected];
    const ok = await confirmDialog(`Delete ${names.length === 1 ? 'table' : `${names.length} tables`}`,
      `Delete ${names.join(', ')}? Deleting a table with point-in-time recovery turned on keeps a system backup `
      + 'of it; otherwise its items are gone.', 'Delete', 'confirm');
    if (!ok) return;
    for (const name of names) {
      try {
        await call('DeleteTable', { TableName: name });
        flash('success', `Deleting table ${name}.`);
        selected.delete(name);
      } catch (e) {
        flashError(e, `Could not delete table ${name}`);
      }
    }
    await load().catch((e) => flashError(e, 'Could not list tables'));
  };

  fill(page.root,
    breadcrumbs(['DynamoDB', '#/tables'], ['Tables']),
    h('section', { class: 'panel', 'data-testid': 'tables-panel' },
      h('div', { class: 'panel-head' }, h('h2', {}, 'Tables', count),
        h('div', { class: 'actions' },
          button('\u21bb', () => load().catch((e) => flashError(e, 'Could not list tables')), { title: 'Refresh', action: 'refresh' }),
          deleteButton,
          button('Create table', () => navigate('#/create-table'), { primary: true, action: 'create-table' }))),
      h('div', { class: 'panel-body' }, h('div', { class: 'toolbar' }, filter),
        h('div', { class: 'grid-wrap' }, h('table', { class: 'grid', 'data-testid': 'tables' },
          h('thead', {}, h('tr', {}, h('th', { class: 'select' }), ['Name', 'Status', 'Partition key', 'Sort key',
            'Indexes', 'Item count', 'Size', 'Point-in-time recovery'].map((t) => h('th', {}, t)))),
          body)))));
  fill(body, h('tr', {}, h('td', { class: 'empty', colspan: 9 }, 'Loading tables\u2026')));
  try {
    await load();
  } catch (e) {
    fill(body, h('tr', {}, h('td', { class: 'empty', colspan: 9 }, alertBox('error', errorText(e, 'Could not list tables')))));
  }
  page.poll(load, 2000);
}

// ---- Create table ----

function keyInputs(prefix, required) {
  const name = h('input', { type: 'text', name: `${prefix}-name`, placeholder: required ? 'Enter the name' : 'Optional' });
  const type = h('select', { name: `${prefix}-type` }, ['S', 'N', 'B'].map((t) =>
    h('option', { value: t }, ({ S: 'String', N: 'Number', B: 'Binary' })[t])));
  return { name, type, row: h('div', { class: 'inline' }, name, type) };
}

export async function createTablePage(page) {
  const error = h('div');
  const tableName = h('input', { type: 'text', name: 'table-name', placeholder: 'Enter the table name' });
  const partition = keyInputs('partition-key', true);
  const sort = keyInputs('sort-key', false);
  const read = h('input', { type: 'number', name: 'read-capacity', value: '5', min: '1' });
  const write = h('input', { type: 'number', name: 'write-capacity', value: '5', min: '1' });
  const capacity = h('div', { class: 'inline', hidden: true }, 'Read capacity units', read, 'Write capacity units', write);
  const indexes = h('div', { class: 'choices' });
  const form = h('form', { class: 'form', 'data-testid': 'create-table-form', onsubmit: (e) => { e.preventDefault(); submit(); } });

  const addIndex = () => {
    const pk = keyInputs('gsi-partition', true);
    const sk = keyInputs('gsi-sort', false);
    const name = h('input', { type: 'text', name: 'gsi-name', placeholder: 'Index name' });
    const projection = h('select', { name: 'gsi-projection' },
      h('option', { value: 'ALL' }, 'All attributes'), h('option', { value: 'KEYS_ONLY' }, 'Only keys'));
    const row = h('div', { class: 'inline', 'data-testid': 'gsi-row' }, name, 'Partition key', pk.row, 'Sort key', sk.row,
      projection, button('Remove', () => row.remove(), { link: true }));
    row.read = () => ({ name: name.value.trim(), pk, sk, projection: projection.value });
    indexes.append(row);
  };

  const submit = async () => {
    fill(error);
    const definitions = new Map();
    const define = (input) => {
      const n = input.name.value.trim();
      if (!n) return null;
      if (definitions.has(n) && definitions.get(n) !== input.type.value) {
        throw new Error(`Attribute ${n} is used with two different types.`);
      }
      definitions.set(n, input.type.value);
      return n;
    };
    const schema = (pk, sk) => [{ AttributeName: define(pk), KeyType: 'HASH' },
      ...(sk.name.value.trim() ? [{ AttributeName: define(sk), KeyType: 'RANGE' }] : [])];
    let request;
    try {
      if (!tableName.value.trim()) throw new Error('Enter a table name.');
      if (!partition.name.value.trim()) throw new Error('Enter a partition key.');
      const provisioned = radioValue(form, 'billing') === 'PROVISIONED';
      const throughput = { ReadCapacityUnits: Number(read.value), WriteCapacityUnits: Number(write.value) };
      request = { TableName: tableName.value.trim(), KeySchema: schema(partition, sort),
        BillingMode: provisioned ? 'PROVISIONED' : 'PAY_PER_REQUEST' };
      if (provisioned) request.ProvisionedThroughput = throughput;
      const gsis = [...indexes.children].map((row) => row.read()).map((i) => {
        if (!i.name) throw new Error('Enter a name for each index.');
        return { IndexName: i.name, KeySchema: schema(i.pk, i.sk), Projection: { ProjectionType: i.projection },
          ...(provisioned ? { ProvisionedThroughput: throughput } : {}) };
      });
      if (gsis.length) request.GlobalSecondaryIndexes = gsis;
      request.AttributeDefinitions = [...definitions].map(([n, t]) => ({ AttributeName: n, AttributeType: t }));
    } catch (e) {
      fill(error, alertBox('error', e.message));
      return;
    }
    try {
      await call('CreateTable', request);
      flash('success', `Creating table ${request.TableName}.`);
      navigate('#/tables');
    } catch (e) {
      fill(error, alertBox('error', errorText(e, `Could not create table ${request.TableName}`)));
    }
  };

  fill(form,
    field('Table name', tableName, 'Between 3 and 255 characters: letters, digits, underscore, hyphen and period.'),
    field('Partition key', partition.row, 'The partition key is part of the primary key; it spreads items over partitions.'),
    field('Sort key - optional', sort.row, 'With a sort key, items sharing a partition key are kept in its order.'),
    h('div', { class: 'field' }, h('div', { class: 'label' }, 'Capacity mode'),
      choices('billing', [['PAY_PER_REQUEST', 'On-demand', 'Pay per request; no capacity to plan.'],
        ['PROVISIONED', 'Provisioned', 'Set read and write capacity units.']], 'PAY_PER_REQUEST',
      (v) => { capacity.hidden = v !== 'PROVISIONED'; }), capacity),
    h('div', { class: 'field' }, h('div', { class: 'label' }, 'Global secondary indexes - optional'), indexes,
      button('Add index', addIndex, { action: 'add-index' })),
    error,
    h('div', { class: 'form-actions' }, button('Cancel', () => navigate('#/tables')),
      h('button', { type: 'submit', class: 'btn primary', 'data-action': 'submit-create-table' }, 'Create table')));
  fill(page.root, breadcrumbs(['DynamoDB', '#/tables'], ['Tables', '#/tables'], ['Create table']),
    h('h1', {}, 'Create table'), panel('Table details', {}, form));
}
