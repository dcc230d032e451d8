// A table's Backups tab, as on the AWS console: the point-in-time recovery section (status, window, Edit,
// Restore to point-in-time), a timeline of the table's writes (Rewind's DescribeTableHistory and ListTableChanges:
// choosing a change fills the restore form with the millisecond just before it), and the table's on-demand backups.
import { call, Decimal, REGIONS, region, setRegion } from './api.js';
import {
  h, fill, button, panel, field, fact, choices, radioValue, alertBox, errorText, flash, flashError, confirmDialog,
  backupStatusBadge, formatBytes, formatTime, formatDuration, parseTime, toMillis, navigate, tableHref,
} from './ui.js';
import { keyText, shortValue } from './item-json.js';

const HISTORY = 'Rewind_20261121.DescribeTableHistory';
const CHANGES = 'Rewind_20261121.ListTableChanges';
const BUCKETS = 60;

export async function backupsTab(content, context) {
  const name = context.name;
  let pitr;
  try {
    pitr = await describePitr(name);
  } catch (e) {
    const notYet = context.table().TableStatus !== 'ACTIVE' ? ' The table is not active yet: try again when it is.' : '';
    fill(content, alertBox('error', errorText(e, `Could not read the point-in-time recovery settings of ${name}`) + notYet));
    return;
  }
  const pitrFacts = h('div', { class: 'facts', 'data-testid': 'pitr-facts' });
  const editSlot = h('div');
  const restoreSlot = h('div');
  const timelineSlot = h('div');
  const restoreButton = button('Restore to point-in-time', () => openRestore(null), { action: 'open-pitr-restore' });
  let restoreForm = null;

  const renderPitr = () => {
    const on = pitr.PointInTimeRecoveryStatus === 'ENABLED';
    restoreButton.disabled = !on;
    fill(pitrFacts,
      fact('Status', on ? h('span', { class: 'badge green' }, 'On') : h('span', { class: 'badge grey' }, 'Off'), 'pitr-status'),
      fact('Recovery period', on ? `${pitr.RecoveryPeriodInDays} day${pitr.RecoveryPeriodInDays === 1 ? '' : 's'}` : '-', 'pitr-period'),
      fact('Earliest restorable time', on ? formatTime(toMillis(pitr.EarliestRestorableDateTime)) : '-', 'pitr-earliest'),
      fact('Latest restorable time', on ? formatTime(toMillis(pitr.LatestRestorableDateTime)) : '-', 'pitr-latest'));
    if (restoreForm) restoreForm.update(pitr);
  };

  const openEdit = () => fill(editSlot, pitrEditor(name, pitr, () => fill(editSlot)));

  function openRestore(change) {
    if (!restoreForm) {
      restoreForm = restoreToPointInTimeForm(context, pitr, () => { fill(restoreSlot); restoreForm = null; });
      fill(restoreSlot, restoreForm.element);
    }
    if (change) restoreForm.chooseChange(change);
    restoreForm.element.scrollIntoView({ block: 'start' });
  }

  fill(content,
    panel('Point-in-time recovery (PITR)', {
      testid: 'pitr-panel',
      description: 'Continuous backups: restore the table to any millisecond of the recovery period.',
      actions: [button('Edit', openEdit, { action: 'edit-pitr' }), restoreButton],
    }, pitrFacts),
    editSlot, restoreSlot, timelineSlot,
    backupsPanel(context));
  renderPitr();
  context.page.poll(async () => {
    pitr = await describePitr(name);
    if (context.page.alive) renderPitr();
  }, 5000);
  if (pitr.PointInTimeRecoveryStatus === 'ENABLED') {
    await timeline(timelineSlot, context, (change) => openRestore(change));
  } else {
    fill(timelineSlot, panel('Timeline of writes', { testid: 'timeline-panel' },
      h('p', { class: 'muted' }, 'Turn on point-in-time recovery (Edit, above) to keep the table\u2019s history: '
        + 'the timeline then shows every write, and you can restore to the instant before any of them.')));
  }
}

async function describePitr(name) {
  const r = await call('DescribeContinuousBackups', { TableName: name });
  return r.ContinuousBackupsDescription.PointInTimeRecoveryDescription;
}

function pitrEditor(name, pitr, close) {
  const enabled = h('input', { type: 'checkbox', name: 'pitr-enabled', checked: pitr.PointInTimeRecoveryStatus === 'ENABLED' });
  const days = h('input', { type: 'number', name: 'recovery-period', min: '1', max: '35', value: String(pitr.RecoveryPeriodInDays || 35) });
  const error = h('div');
  const save = async () => {
    fill(error);
    const period = Number(days.value);
    if (enabled.checked && (!Number.isInteger(period) || period < 1 || period > 35)) {
      fill(error, alertBox('error', 'The recovery period is a whole number of days from 1 to 35.'));
      return;
    }
    const specification = { PointInTimeRecoveryEnabled: enabled.checked };
    if (enabled.checked) specification.RecoveryPeriodInDays = period;
    try {
      await call('UpdateContinuousBackups', { TableName: name, PointInTimeRecoverySpecification: specification });
      flash('success', `Point-in-time recovery is ${enabled.checked ? `on for ${name}, with a recovery period of ${period} days` : `off for ${name}`}.`);
      navigate(tableHref(name, 'backups'));
    } catch (e) {
      fill(error, alertBox('error', errorText(e, 'Could not change point-in-time recovery')));
    }
  };
  return panel('Edit point-in-time recovery', { testid: 'pitr-editor' },
    h('div', { class: 'form' },
      h('label', { class: 'inline' }, enabled, 'Turn on point-in-time recovery'),
      field('Backup recovery period', h('div', { class: 'inline' }, days, 'days'),
        'How far back you can restore: 1 to 35 days. History older than this is reclaimed.'),
      error,
      h('div', { class: 'form-actions' }, button('Cancel', close), button('Save changes', save, { primary: true, action: 'save-pitr' }))));
}

/** Restore options shared with the backup restore page: indexes, encryption and Region. */
export function restoreOptions(table) {
  const gsis = table.GlobalSecondaryIndexes || [];
  const lsis = table.LocalSecondaryIndexes || [];
  const names = [...gsis, ...lsis].map((i) => i.IndexName);
  const kmsKey = h('input', { type: 'text', name: 'kms-key', placeholder: 'KMS key ID or ARN', hidden: true });
  const regionSelect = h('select', { name: 'target-region' }, REGIONS.map((r) =>
    h('option', { value: r, selected: r === region() }, r === region() ? `${r} (this Region)` : r)));
  const element = h('div', { class: 'form' },
    h('div', { class: 'field', 'data-testid': 'restore-indexes' }, h('div', { class: 'label' }, 'Secondary indexes'),
      names.length ? choices('indexes', [
        ['all', 'Restore the entire table', `With its indexes: ${names.join(', ')}.`],
        ['none', 'Restore the table without secondary indexes', 'Faster; indexes can be added later.']], 'all')
        : h('p', { class: 'hint' }, 'The source has no secondary indexes.')),
    h('div', { class: 'field', 'data-testid': 'restore-encryption' }, h('div', { class: 'label' }, 'Encryption at rest'),
      choices('encryption', [
        ['owned', 'Owned by Amazon DynamoDB'],
        ['managed', 'AWS managed key', 'Key alias: aws/dynamodb'],
        ['customer', 'Stored in your account, and owned and managed by you', 'A customer managed KMS key']], 'owned',
      (v) => { kmsKey.hidden = v !== 'customer'; }), kmsKey),
    field('Destination Region', regionSelect, 'Restore into this Region or another one.', 'restore-region'));
  const apply = (request) => {
    if (names.length && radioValue(element, 'indexes') === 'none') {
      if (gsis.length) request.GlobalSecondaryIndexOverride = [];
      if (lsis.length) request.LocalSecondaryIndexOverride = [];
    }
    const encryption = radioValue(element, 'encryption');
    if (encryption === 'owned') request.SSESpecificationOverride = { Enabled: false };
    else if (encryption === 'managed') request.SSESpecificationOverride = { Enabled: true, SSEType: 'KMS' };
    else {
      if (!kmsKey.value.trim()) throw new Error('Enter the KMS key for the restored table.');
      request.SSESpecificationOverride = { Enabled: true, SSEType: 'KMS', KMSMasterKeyId: kmsKey.value.trim() };
    }
    return regionSelect.value;
  };
  return { element, apply };
}

/** After a restore starts: the Tables list of the Region the table is restored into. */
export function showRestoring(targetRegion, message) {
  if (targetRegion !== region()) {
    setRegion(targetRegion);
    document.getElementById('region').value = targetRegion;
    message += ` The console now shows ${targetRegion}.`;
  }
  flash('success', message);
  navigate('#/tables');
}

function restoreToPointInTimeForm(context, initialPitr, close) {
  const source = context.table();
  let pitr = initialPitr;
  const targetName = h('input', { type: 'text', name: 'target-table-name', placeholder: 'Enter the new table name' });
  const time = h('input', { type: 'text', name: 'restore-time', class: 'mono', placeholder: 'YYYY-MM-DD HH:MM:SS.mmm UTC', disabled: true });
  const timeNote = h('p', { class: 'hint', 'data-testid': 'restore-time-note' });
  const chosen = h('p', { class: 'hint', 'data-testid': 'restore-chosen-change' });
  const latestLabel = h('span');
  const options = restoreOptions(source);
  const error = h('div');
  const describeTime = () => {
    const millis = parseTime(time.value);
    fill(timeNote, time.disabled ? '' : millis === null ? 'Enter a time like 2026-11-21 09:30:00.000 UTC (or epoch seconds).'
      : `${formatTime(millis)} = ${new Date(millis).toString()}`);
  };
  time.addEventListener('input', () => { fill(chosen); describeTime(); });
  const whenChoice = choices('restore-when', [['latest', latestLabel], ['specific', 'Specify date and time', 'UTC, to the millisecond']],
    'latest', (v) => { time.disabled = v !== 'specific'; if (!time.value) time.value = formatTime(toMillis(pitr.LatestRestorableDateTime)); describeTime(); });
  const update = (next) => {
    pitr = next;
    fill(latestLabel, 'Latest restorable time', h('div', { class: 'desc' },
      pitr.LatestRestorableDateTime ? formatTime(toMillis(pitr.LatestRestorableDateTime)) : '-'));
  };
  update(pitr);

  const submit = async () => {
    fill(error);
    const request = { TargetTableName: targetName.value.trim() };
    let target;
    let instant = null;
    try {
      if (!request.TargetTableName) throw new Error('Enter a name for the new table.');
      if (radioValue(element, 'restore-when') === 'specific') {
        instant = parseTime(time.value);
        if (instant === null) throw new Error(`"${time.value}" is not a date and time. Use YYYY-MM-DD HH:MM:SS.mmm UTC.`);
        request.RestoreDateTime = Decimal.ofMillis(instant);
      } else {
        request.UseLatestRestorableTime = true;
      }
      target = options.apply(request);
    } catch (e) {
      fill(error, alertBox('error', e.message));
      return;
    }
    if (target === region()) request.SourceTableName = context.name;
    else request.SourceTableArn = source.TableArn; // a cross-Region restore is asked of the destination Region
    try {
      await call('RestoreTableToPointInTime', request, { region: target });
      showRestoring(target, `Restoring ${context.name} as of ${instant === null ? 'the latest restorable time' : formatTime(instant)} `
        + `into the new table ${request.TargetTableName}.`);
    } catch (e) {
      fill(error, alertBox('error', errorText(e, `Could not restore ${context.name}`)));
    }
  };

  const element = panel('Restore to point-in-time', {
    testid: 'pitr-restore',
    description: `Creates a new table with the items ${context.name} had at the chosen instant.`,
  }, h('div', { class: 'form' },
    field('Source table', h('div', {}, context.name)),
    field('New table name', targetName),
    h('div', { class: 'field' }, h('div', { class: 'label' }, 'Restore date and time'),
      h('p', { class: 'hint' }, 'Any instant between the earliest and the latest restorable time; choose a change in the '
        + 'timeline below to restore to just before it.'),
      whenChoice, time, timeNote, chosen),
    options.element, error,
    h('div', { class: 'form-actions' }, button('Cancel', close), button('Restore table', submit, { primary: true, action: 'restore-table' }))));

  /** Fills the form with the millisecond before a change, so the restored table has the items as they were then. */
  const chooseChange = (change) => {
    const millis = toMillis(change.ChangeDateTime) - 1;
    element.querySelector('input[name=restore-when][value=specific]').checked = true;
    time.disabled = false;
    time.value = formatTime(millis);
    describeTime();
    fill(chosen, `Just before the ${change.EventName} of ${keyText(change.Keys)} at ${formatTime(toMillis(change.ChangeDateTime))}.`);
  };
  return { element, update, chooseChange };
}

async function timeline(slot, context, onChoose) {
  const name = context.name;
  const bars = h('div', { class: 'timeline', 'data-testid': 'timeline' });
  const axis = h('div', { class: 'timeline-axis' });
  const changesBody = h('tbody');
  const rangeNote = h('span', { class: 'muted small' });
  const more = button('Load more changes', () => loadChanges(true), { action: 'more-changes' });
  const state = { range: null, next: null, chosenBar: null };

  const loadHistory = async () => {
    const history = await call(HISTORY, { TableName: name, BucketCount: BUCKETS });
    const max = Math.max(1, ...history.Buckets.map((b) => b.Inserts + b.Modifies + b.Removes));
    const start = toMillis(history.StartDateTime);
    const end = toMillis(history.EndDateTime);
    fill(bars, history.Buckets.map((b, i) => {
      const total = b.Inserts + b.Modifies + b.Removes;
      const bucketStart = toMillis(b.StartDateTime);
      const bucketEnd = toMillis(b.EndDateTime);
      const bar = h('div', {
        class: 'bar', 'data-bucket': i, 'data-total': total,
        title: `${formatTime(bucketStart)} to ${formatTime(bucketEnd)}\n${b.Inserts} inserts, ${b.Modifies} modifications, ${b.Removes} removals`,
        onclick: () => {
          state.chosenBar?.classList.remove('chosen');
          bar.classList.add('chosen');
          state.chosenBar = bar;
          state.range = [bucketStart, bucketEnd];
          loadChanges(false).catch((e) => flashError(e, 'Could not list changes'));
        },
      }, [['INSERT', b.Inserts], ['MODIFY', b.Modifies], ['REMOVE', b.Removes]].map(([kind, n]) =>
        n ? h('div', { class: `seg ${kind}`, style: `height:${(100 * n) / max}%` }) : null));
      return bar;
    }));
    fill(axis, h('span', {}, formatTime(start)), h('span', {}, `${formatDuration(end - start)} of writes, ${BUCKETS} bars`),
      h('span', {}, formatTime(end)));
  };

  const loadChanges = async (append) => {
    const request = { TableName: name, Limit: 50, ScanForward: false };
    if (state.range) {
      request.StartDateTime = Decimal.ofMillis(state.range[0]);
      request.EndDateTime = Decimal.ofMillis(state.range[1]);
    }
    if (append && state.next) request.ExclusiveStartToken = state.next;
    const answer = await call(CHANGES, request);
    state.next = answer.NextToken || null;
    more.hidden = !state.next;
    fill(rangeNote, state.range ? `From ${formatTime(state.range[0])} to ${formatTime(state.range[1])}. ` : 'Newest first. ',
      state.range ? button('Show all changes', () => { state.range = null; state.chosenBar?.classList.remove('chosen'); loadChanges(false); }, { link: true }) : null);
    const rows = (answer.Changes || []).map((change) => {
      const millis = toMillis(change.ChangeDateTime);
      const row = h('tr', { class: 'change', 'data-event': change.EventName, 'data-key': keyText(change.Keys), 'data-millis': millis,
        title: 'Choose this change to restore the table to the millisecond before it',
        onclick: () => {
          changesBody.querySelectorAll('tr.chosen').forEach((r) => r.classList.remove('chosen'));
          row.classList.add('chosen');
          onChoose(change);
        } },
      h('td', { class: 'mono' }, formatTime(millis)),
      h('td', {}, h('span', { class: `event ${change.EventName}` }, change.EventName)),
      h('td', { class: 'value' }, keyText(change.Keys)),
      h('td', { class: 'value', title: change.OldImage ? shortValue({ M: change.OldImage }) : '' },
        change.OldImage ? shortValue({ M: change.OldImage }) : h('span', { class: 'muted' }, '(no item before)')),
      h('td', {}, button('Restore to just before', null, { link: true, action: 'restore-before' })));
      return row;
    });
    if (!append) fill(changesBody);
    changesBody.append(...rows);
    if (!changesBody.children.length) {
      fill(changesBody, h('tr', {}, h('td', { class: 'empty', colspan: 5 }, 'No writes in this period.')));
    }
  };

  const refresh = async () => {
    try {
      await loadHistory();
      await loadChanges(false);
    } catch (e) {
      flashError(e, 'Could not read the table\u2019s history');
    }
  };

  fill(slot, panel('Timeline of writes', {
    testid: 'timeline-panel',
    description: 'Writes during the recovery period. Choose a bar to list its changes, and a change to restore to the '
      + 'instant just before it.',
    actions: [button('\u21bb', refresh, { title: 'Refresh', action: 'refresh-timeline' })],
  },
  h('div', { class: 'legend' }, h('span', { class: 'INSERT' }, 'Inserts'), h('span', { class: 'MODIFY' }, 'Modifications'),
    h('span', { class: 'REMOVE' }, 'Removals')),
  bars, axis,
  h('h3', {}, 'Changes ', rangeNote),
  h('div', { class: 'grid-wrap changes' }, h('table', { class: 'grid', 'data-testid': 'changes' },
    h('thead', {}, h('tr', {}, ['Time (UTC)', 'Event', 'Key', 'Item before the change', ''].map((t) => h('th', {}, t)))),
    changesBody)),
  h('div', { class: 'pager' }, more)));
  await refresh();
}

function backupsPanel(context) {
  const name = context.name;
  const body = h('tbody');
  const count = h('span', { class: 'count' });
  let selected = null;
  let backups = [];
  const restore = button('Restore', () => navigate(`#/backups/restore?arn=${encodeURIComponent(selected)}`), { disabled: true, action: 'restore-backup' });
  const remove = button('Delete', async () => {
    const b = backups.find((x) => x.BackupArn === selected);
    if (!b || !(await confirmDialog('Delete backup', `Delete the backup ${b.BackupName}? It cannot be restored afterwards.`, 'Delete'))) return;
    try {
      await call('DeleteBackup', { BackupArn: b.BackupArn });
      flash('success', `Deleted backup ${b.BackupName}.`);
    } catch (e) {
      flashError(e, `Could not delete backup ${b.BackupName}`);
    }
    load().catch((e) => flashError(e, 'Could not list backups'));
  }, { disabled: true, action: 'delete-backup' });
  const render = () => {
    restore.disabled = remove.disabled = !backups.some((b) => b.BackupArn === selected);
    fill(count, ` (${backups.length})`);
    fill(body, backups.length === 0 ? h('tr', {}, h('td', { class: 'empty', colspan: 6 }, 'No backups of this table.'))
      : backups.map((b) => h('tr', { class: b.BackupArn === selected ? 'selected' : '', 'data-backup': b.BackupName },
        h('td', { class: 'select' }, h('input', { type: 'radio', name: 'table-backup', checked: b.BackupArn === selected,
          onchange: () => { selected = b.BackupArn; render(); } })),
        h('td', {}, b.BackupName), h('td', {}, backupStatusBadge(b.BackupStatus)), h('td', {}, b.BackupType),
        h('td', {}, formatBytes(b.BackupSizeBytes)), h('td', {}, formatTime(toMillis(b.BackupCreationDateTime))))));
  };
  const load = async () => {
    const answer = await call('ListBackups', { TableName: name, BackupType: 'ALL' });
    backups = (answer.BackupSummaries || []).slice().reverse();
    if (context.page.alive) render();
  };
  const element = panel('Backups', {
    testid: 'table-backups-panel',
    description: 'On-demand backups of this table, and system backups kept when a table with PITR is deleted.',
    actions: [remove, restore,
      button('Create backup', () => navigate(`#/backups/create?table=${encodeURIComponent(name)}`), { primary: true, action: 'create-backup' })],
  }, h('div', { class: 'grid-wrap' }, h('table', { class: 'grid', 'data-testid': 'table-backups' },
    h('thead', {}, h('tr', {}, h('th', { class: 'select' }), ['Name', 'Status', 'Type', 'Size', 'Creation time'].map((t) => h('th', {}, t)))),
    body)));
  element.querySelector('h2').append(count);
  load().catch((e) => flashError(e, 'Could not list backups'));
  context.page.poll(load, 3000);
  return element;
}
