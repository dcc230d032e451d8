/**
 * Backups and restores: {@link dev.rewind.backup.BackupService} (create, delete, restore jobs, crash resumption) and
 * {@link dev.rewind.backup.BackupCatalog} (persisted {@link dev.rewind.backup.BackupMetadata}). Built on
 * {@link dev.rewind.storage.StorageEngine#cloneTableStore}. Depends on {@code table}, {@code storage} (interface),
 * {@code error}; never on {@code action} or {@code http}.
 */
package dev.rewind.backup;
