// The Backups page (every backup of the Region, filtered by table, type and time, with live statuses), the Create
// backup form, and the Restore page of a backup.
import { call, callAll } from './api.js';
import {
  h, fill, button, breadcrumbs, panel, field, fact, alertBox, errorText, flash, flashError, confirmDialog,
  backupStatusBadge, formatBytes, formatTime, parseTime, toMillis, keyOf, navigate, tableHref,
} from './ui.js';
import { restoreOptions, showRestoring } from './table-backups.js';

const TIME_RANGES = [['any', 'Any time'], ['1h', 'Last hour'], ['24h', 'Last 24 hours'], ['7d', 'Last 7 days'],
  ['custom', 'Custom range']];
const RANGE_MILLIS = { '1h': 3600e3, '24h': 86400e3, '7d': 7 * 86400e3 };

export async function backupsPage(page) {
  const selected = new Set();
  let backups = [];
  const body = h('tbody');
  const count = h('span', { class: 'count' });
  const tableFilter = h('select', { name: 'filter-table', onchange: () => reload() }, h('option', { value: '' }, 'All tables'));
  const typeFilter = h('select', { name: 'filter-type', onchange: () => reload() },
    h('option', { value: 'ALL' }, 'All types'), h('option', { value: 'USER' }, 'User (on-demand)'),
    h('option', { value: 'SYSTEM' }, 'System'));
  const timeFilter = h('select', { name: 'filter-time', onchange: () => { custom.hidden = timeFilter.value !== 'custom'; reload(); } },
    TIME_RANGES.map(([v, l]) => h('option', { value: v }, l)));
  const from = h('input', { type: 'text', name: 'filter-from', placeholder: 'From (UTC)', class: 'mono', onchange: () => reload() });
  const to = h('input', { type: 'text', name: 'filter-to', placeholder: 'To (UTC)', class: 'mono', onchange: () => reload() });
  const custom = h('div', { class: 'inline', hidden: true }, from, to);
  const message = h('div');
  const one = () => (selected.size === 1 ? backups.find((b) => selected.has(b.BackupArn)) : null);
  const restoreButton = button('Restore', () => navigate(`#/backups/restore?arn=${encodeURIComponent(one().BackupArn)}`),
    { disabled: true, action: 'restore-backup' });
  const deleteButton = button('Delete', () => deleteSelected(), { disabled: true, action: 'delete-backups' });

  const request = () => {
    const r = { BackupType: typeFilter.value };
    if (tableFilter.value) r.TableName = tableFilter.value;
    if (RANGE_MILLIS[timeFilter.value]) r.TimeRangeLowerBound = (Date.now() - RANGE_MILLIS[timeFilter.value]) / 1000;
    if (timeFilter.value === 'custom') {
      const [lower, upper] = [parseTime(from.value), parseTime(to.value)];
      if (from.value && lower === null) throw new Error(`"${from.value}" is not a date and time.`);
      if (to.value && upper === null) throw new Error(`"${to.value}" is not a date and time.`);
      if (lower !== null) r.TimeRangeLowerBound = lower / 1000;
      if (upper !== null) r.TimeRangeUpperBound = upper / 1000;
    }
    return r;
  };

  const render = () => {
    fill(count, ` (${backups.length})`);
    restoreButton.disabled = !one() || one().BackupStatus !== 'AVAILABLE';
    deleteButton.disabled = selected.size === 0;
    fill(body, backups.length === 0
      ? h('tr', {}, h('td', { class: 'empty', colspan: 8 }, 'No backups match. Choose Create backup to make one.'))
      : backups.map((b) => h('tr', { class: selected.has(b.BackupArn) ? 'selected' : '', 'data-backup': b.BackupName },
        h('td', { class: 'select' }, h('input', { type: 'checkbox', checked: selected.has(b.BackupArn), 'aria-label': `Select ${b.BackupName}`,
          onchange: (e) => { if (e.target.checked) selected.add(b.BackupArn); else selected.delete(b.BackupArn); render(); } })),
        h('td', {}, b.BackupName),
        h('td', { 'data-testid': 'backup-status' }, backupStatusBadge(b.BackupStatus)),
        h('td', {}, h('a', { href: tableHref(b.TableName) }, b.TableName)),
        h('td', {}, b.BackupType === 'USER' ? 'User' : b.BackupType === 'SYSTEM' ? 'System' : b.BackupType),
        h('td', {}, formatBytes(b.BackupSizeBytes)),
        h('td', {}, formatTime(toMillis(b.BackupCreationDateTime))),
        h('td', {}, b.BackupExpiryDateTime ? formatTime(toMillis(b.BackupExpiryDateTime)) : '-'))));
  };

  const load = async () => {
    const found = await callAll('ListBackups', request(), 'BackupSummaries', 'ExclusiveStartBackupArn', 'LastEvaluatedBackupArn');
    if (!page.alive) return;
    backups = found.reverse(); // newest first
    const arns = new Set(backups.map((b) => b.BackupArn));
    [...selected].forEach((a) => { if (!arns.has(a)) selected.delete(a); });
    fill(message);
    render();
  };
  const reload = () => load().catch((e) => fill(message, alertBox('error', errorText(e, 'Could not list backups'))));

  const deleteSelected = async () => {
    const chosen = backups.filter((b) => selected.has(b.BackupArn));
    const ok = await confirmDialog('Delete backups', `Delete ${chosen.map((b) => b.BackupName).join(', ')}? `
      + 'A deleted backup cannot be restored.', 'Delete', 'confirm');
    if (!ok) return;
    for (const b of chosen) {
      try {
        await call('DeleteBackup', { BackupArn: b.BackupArn });
        flash('success', `Deleted backup ${b.BackupName}.`);
      } catch (e) {
        flashError(e, `Could not delete backup ${b.BackupName}`);
      }
    }
    reload();
  };

  fill(page.root,
    breadcrumbs(['DynamoDB', '#/tables'], ['Backups']),
    h('section', { class: 'panel', 'data-testid': 'backups-panel' },
      h('div', { class: 'panel-head' }, h('h2', {}, 'Backups', count),
        h('div', { class: 'actions' },
          button('\u21bb', reload, { title: 'Refresh', action: 'refresh' }), deleteButton, restoreButton,
          button('Create backup', () => navigate('#/backups/create'), { primary: true, action: 'create-backup' })),
        h('p', { class: 'panel-desc' }, 'On-demand backups you made, and system backups kept when a table with '
          + 'point-in-time recovery was deleted.')),
      h('div', { class: 'panel-body' },
        h('div', { class: 'toolbar' }, field('Table', tableFilter), field('Backup type', typeFilter),
          field('Creation time', h('div', { class: 'inline' }, timeFilter, custom))),
        message,
        h('div', { class: 'grid-wrap' }, h('table', { class: 'grid', 'data-testid': 'backups' },
          h('thead', {}, h('tr', {}, h('th', { class: 'select' }), ['Backup name', 'Status', 'Table name', 'Backup type',
            'Size', 'Creation time', 'Expiry time'].map((t) => h('th', {}, t)))),
          body)))));
  callAll('ListTables', {}, 'TableNames', 'ExclusiveStartTableName', 'LastEvaluatedTableName')
    .then((names) => tableFilter.append(...names.map((n) => h('option', { value: n }, n))))
    .catch((e) => flashError(e, 'Could not list tables'));
  await reload();
  page.poll(load, 2000);
}

export async function createBackupPage(page, tableName) {
  const error = h('div');
  const table = h('select', { name: 'backup-table' });
  const name = h('input', { type: 'text', name: 'backup-name', placeholder: 'Enter the backup name' });
  const names = await callAll('ListTables', {}, 'TableNames', 'ExclusiveStartTableName', 'LastEvaluatedTableName');
  fill(table, names.map((n) => h('option', { value: n, selected: n === tableName }, n)));
  const suggest = () => {
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    name.value = `${table.value}-${stamp}`;
  };
  table.addEventListener('change', suggest);
  if (names.length) suggest();
  const submit = async () => {
    fill(error);
    if (!table.value) { fill(error, alertBox('error', 'Choose a table. This Region has none.')); return; }
    try {
      const r = await call('CreateBackup', { TableName: table.value, BackupName: name.value.trim() });
      flash('success', `Creating backup ${r.BackupDetails.BackupName} of ${table.value}.`);
      navigate('#/backups');
    } catch (e) {
      fill(error, alertBox('error', errorText(e, `Could not back up ${table.value}`)));
    }
  };
  fill(page.root,
    breadcrumbs(['DynamoDB', '#/tables'], ['Backups', '#/backups'], ['Create backup']),
    h('h1', {}, 'Create backup'),
    panel('Backup settings', { description: 'An on-demand backup is a full copy of the table as it is now, kept until you delete it.' },
      h('form', { class: 'form', 'data-testid': 'create-backup-form', onsubmit: (e) => { e.preventDefault(); submit(); } },
        field('Source table', table),
        field('Backup name', name, 'Letters, digits, underscore, hyphen and period; 3 to 255 characters.'),
        error,
        h('div', { class: 'form-actions' }, button('Cancel', () => navigate('#/backups')),
          h('button', { type: 'submit', class: 'btn primary', 'data-action': 'submit-create-backup' }, 'Create backup')))));
}

export async function restoreBackupPage(page, arn) {
  const head = [breadcrumbs(['DynamoDB', '#/tables'], ['Backups', '#/backups'], ['Restore backup']), h('h1', {}, 'Restore backup')];
  fill(page.root, head);
  let description;
  try {
    description = (await call('DescribeBackup', { BackupArn: arn })).BackupDescription;
  } catch (e) {
    page.root.append(alertBox('error', errorText(e, 'Could not read the backup')));
    return;
  }
  const details = description.BackupDetails;
  const source = description.SourceTableDetails;
  const features = description.SourceTableFeatureDetails || {};
  // restoreOptions reads a table description: the backup's source as it was when backed up
  const asTable = { ...source, AttributeDefinitions: [], GlobalSecondaryIndexes: features.GlobalSecondaryIndexes,
    LocalSecondaryIndexes: features.LocalSecondaryIndexes };
  const options = restoreOptions(asTable);
  const targetName = h('input', { type: 'text', name: 'target-table-name', placeholder: 'Enter the new table name' });
  const error = h('div');
  const submit = async () => {
    fill(error);
    const request = { TargetTableName: targetName.value.trim(), BackupArn: arn };
    let target;
    try {
      if (!request.TargetTableName) throw new Error('Enter a name for the new table.');
      target = options.apply(request);
    } catch (e) {
      fill(error, alertBox('error', e.message));
      return;
    }
    try {
      await call('RestoreTableFromBackup', request, { region: target });
      showRestoring(target, `Restoring backup ${details.BackupName} into the new table ${request.TargetTableName}.`);
    } catch (e) {
      fill(error, alertBox('error', errorText(e, `Could not restore backup ${details.BackupName}`)));
    }
  };
  fill(page.root, head,
    panel('Backup details', { testid: 'backup-details' }, h('div', { class: 'facts' },
      fact('Backup name', details.BackupName),
      fact('Status', backupStatusBadge(details.BackupStatus)),
      fact('Backup type', details.BackupType),
      fact('Creation time', formatTime(toMillis(details.BackupCreationDateTime))),
      fact('Source table', source.TableName),
      fact('Partition key', keyOf(source.KeySchema, 'HASH')),
      fact('Sort key', keyOf(source.KeySchema, 'RANGE')),
      fact('Item count', String(source.ItemCount ?? '-')),
      fact('Size', formatBytes(details.BackupSizeBytes)),
      fact('Backup ARN', h('span', { class: 'mono' }, details.BackupArn)))),
    panel('Restore settings', { testid: 'backup-restore', description: 'The restore creates a new table; the backup stays.' },
      h('div', { class: 'form' }, field('New table name', targetName), options.element, error,
        h('div', { class: 'form-actions' }, button('Cancel', () => navigate('#/backups')),
          button('Restore table', submit, { primary: true, action: 'restore-table' })))));
}
