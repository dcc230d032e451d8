package dev.rewind.action;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;

import dev.rewind.backup.PointInTimeRecovery;
import dev.rewind.table.Table;
import dev.rewind.table.TableMetadata;

/** ContinuousBackupsDescription: continuous backups are always on; PITR status, period and window. */
final class ContinuousBackupsJson {
    private ContinuousBackupsJson() {
    }

    static void write(JsonGenerator g, Table table, PointInTimeRecovery pitr) throws IOException {
        TableMetadata.PointInTimeRecovery settings = table.metadata().pointInTimeRecovery();
        g.writeStartObject();
        g.writeObjectFieldStart("ContinuousBackupsDescription");
        g.writeStringField("ContinuousBackupsStatus", "ENABLED");
        g.writeObjectFieldStart("PointInTimeRecoveryDescription");
        if (settings == null) {
            g.writeStringField("PointInTimeRecoveryStatus", "DISABLED");
        } else {
            g.writeStringField("PointInTimeRecoveryStatus", "ENABLED");
            g.writeNumberField("RecoveryPeriodInDays", settings.recoveryPeriodInDays());
            g.writeNumberField("EarliestRestorableDateTime",
                    TableDescriptionJson.epochSeconds(pitr.earliestRestorableMillis(table)));
            g.writeNumberField("LatestRestorableDateTime",
                    TableDescriptionJson.epochSeconds(pitr.latestRestorableMillis()));
        }
        g.writeEndObject();
        g.writeEndObject();
        g.writeEndObject();
    }
}
