package dev.rewind.action;

import java.util.concurrent.CompletableFuture;

import dev.rewind.backup.BackupMetadata;
import dev.rewind.backup.BackupService;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;

/** DeleteBackup: answers the description with BackupStatus DELETED; BackupInUseException while a restore reads it. */
final class DeleteBackupAction implements Action {
    private final BackupService backups;

    DeleteBackupAction(BackupService backups) {
        this.backups = backups;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        BackupMetadata deleted = backups.deleteBackup(DescribeBackupAction.find(backups, request));
        return Action.done(g -> {
            g.writeStartObject();
            g.writeFieldName("BackupDescription");
            BackupDescriptionJson.writeDescription(g, deleted);
            g.writeEndObject();
        });
    }
}
