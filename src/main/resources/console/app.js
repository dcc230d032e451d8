// The console's entry point: the Region picker, the left navigation and a hash router over the pages.
//   #/tables                      Tables list              (tables.js)
//   #/create-table                Create table             (tables.js)
//   #/tables/<name>[/<tab>]       Table: overview, items, indexes, backups (table.js, table-backups.js)
//   #/backups                     Backups list             (backups.js)
//   #/backups/create[?table=t]    Create backup            (backups.js)
//   #/backups/restore?arn=<arn>   Restore a backup         (backups.js)
import { REGIONS, region, setRegion } from './api.js';
import { h, fill, flashError, ageFlashes, navigate } from './ui.js';
import { tablesPage, createTablePage } from './tables.js';
import { tablePage } from './table.js';
import { backupsPage, createBackupPage, restoreBackupPage } from './backups.js';

/** One shown page: its root element, its polling timers, and whether it is still the page on screen. */
class Page {
  constructor(root) {
    this.root = root;
    this.alive = true;
    this.timers = [];
  }

  /** Runs fn every `millis` while the page is shown, never two at once; errors are shown once until fn recovers. */
  poll(fn, millis) {
    let running = false;
    let failing = false;
    const timer = setInterval(async () => {
      if (running || !this.alive || document.hidden) return;
      running = true;
      try {
        await fn();
        failing = false;
      } catch (e) {
        if (!failing && this.alive) flashError(e, 'Could not refresh');
        failing = true;
      } finally {
        running = false;
      }
    }, millis);
    this.timers.push(timer);
  }

  dispose() {
    this.alive = false;
    this.timers.forEach(clearInterval);
  }
}

let current = null;

async function route() {
  if (current) current.dispose();
  const root = document.getElementById('page');
  fill(root);
  ageFlashes();
  const page = new Page(root);
  current = page;
  const hash = location.hash.replace(/^#/, '') || '/tables';
  const [path, queryText] = hash.split('?');
  const query = Object.fromEntries(new URLSearchParams(queryText || ''));
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  document.querySelectorAll('[data-nav]').forEach((a) =>
    a.classList.toggle('active', a.dataset.nav === (parts[0] === 'backups' ? 'backups' : 'tables')));
  try {
    if (parts[0] === 'create-table') await createTablePage(page);
    else if (parts[0] === 'tables' && parts.length >= 2) await tablePage(page, parts[1], parts[2] || 'overview', query);
    else if (parts[0] === 'backups' && parts[1] === 'create') await createBackupPage(page, query.table);
    else if (parts[0] === 'backups' && parts[1] === 'restore') await restoreBackupPage(page, query.arn);
    else if (parts[0] === 'backups') await backupsPage(page);
    else await tablesPage(page);
  } catch (e) {
    if (page.alive) flashError(e, 'The page could not be shown');
  }
}

function setUpRegionPicker() {
  const select = document.getElementById('region');
  const names = REGIONS.includes(region()) ? REGIONS : [region(), ...REGIONS];
  fill(select, names.map((name) => h('option', { value: name, selected: name === region() }, name)));
  select.addEventListener('change', () => {
    setRegion(select.value);
    // tables and backups live in a Region: a table's page makes no sense in another one
    const onList = /^#\/(tables|backups)?$/.test(location.hash) || location.hash === '';
    navigate(onList ? (location.hash || '#/tables') : '#/tables');
  });
}

setUpRegionPicker();
window.addEventListener('hashchange', route);
route();
