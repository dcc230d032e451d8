package dev.rewind.action;

import java.util.concurrent.CompletableFuture;

import dev.rewind.backup.BackupMetadata;
import dev.rewind.backup.BackupService;
import dev.rewind.error.DynamoException;
import dev.rewind.error.ErrorCode;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;

/** DescribeBackup: BackupDetails, SourceTableDetails and SourceTableFeatureDetails as they were at backup time. */
final class DescribeBackupAction implements Action {
    private final BackupService backups;

    DescribeBackupAction(BackupService backups) {
        this.backups = backups;
    }

    static BackupMetadata find(BackupService backups, JsonRequest request) {
        String arn = request.string("BackupArn");
        new Validation().notNull(arn, "backupArn").check();
        if (arn.length() < 37 || arn.length() > 1024) {
            new Validation().add("Value '" + arn + "' at 'backupArn' failed to satisfy constraint: Member must have "
                    + (arn.length() < 37 ? "length greater than or equal to 37"
                            : "length less than or equal to 1024")).check();
        }
        BackupMetadata backup = backups.catalog().find(arn);
        if (backup == null) {
            throw new DynamoException(ErrorCode.BACKUP_NOT_FOUND, "Backup not found for the given BackupARN: "
                    + arn);
        }
        return backup;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        BackupMetadata backup = find(backups, request);
        return Action.done(g -> {
            g.writeStartObject();
            g.writeFieldName("BackupDescription");
            BackupDescriptionJson.writeDescription(g, backup);
            g.writeEndObject();
        });
    }
}
