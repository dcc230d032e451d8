package dev.rewind.backup;

import dev.rewind.table.TableMetadata;

/**
 * A backup as persisted in the catalog (JSON; field names are part of the on-disk format: add, never rename).
 *
 * @param storeName the store holding the table's data (items and index entries) as of {@code creationMillis}
 * @param source the table's definition when the backup was taken (SourceTableDetails, SourceTableFeatureDetails)
 * @param itemCount the table's item count at that instant
 * @param sizeBytes the table's size at that instant (BackupSizeBytes)
 * @param expiryMillis when a SYSTEM backup expires; null for USER backups
 */
public record BackupMetadata(
        String backupArn,
        String backupName,
        String backupType,
        String backupStatus,
        long creationMillis,
        Long expiryMillis,
        String storeName,
        long itemCount,
        long sizeBytes,
        TableMetadata source) {

    public BackupMetadata withStatus(String status) {
        return new BackupMetadata(backupArn, backupName, backupType, status, creationMillis, expiryMillis, storeName,
                itemCount, sizeBytes, source);
    }

    /** The Region of the backup (that of its source table). */
    public String region() {
        return source.region();
    }

    public String accountId() {
        return source.accountId();
    }
}
