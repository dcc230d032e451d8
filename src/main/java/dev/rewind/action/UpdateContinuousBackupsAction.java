package dev.rewind.action;

import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;

import dev.rewind.backup.PointInTimeRecovery;
import dev.rewind.error.DynamoException;
import dev.rewind.protocol.JsonRequest;
import dev.rewind.protocol.ResponseBody;
import dev.rewind.protocol.Validation;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;

/**
 * UpdateContinuousBackups: turns point-in-time recovery on (RecoveryPeriodInDays 1–35, default 35) or off.
 * Turning it off discards the history; turning it on again starts a new window.
 */
final class UpdateContinuousBackupsAction implements Action {
    private final TableCatalog catalog;
    private final PointInTimeRecovery pitr;

    UpdateContinuousBackupsAction(TableCatalog catalog, PointInTimeRecovery pitr) {
        this.catalog = catalog;
        this.pitr = pitr;
    }

    @Override
    public CompletableFuture<ResponseBody> handle(RequestContext context, JsonRequest request) {
        String name = request.string("TableName");
        JsonNode spec = request.object("PointInTimeRecoverySpecification");
        new Validation().tableNameOrArn(name, "tableName").notNull(spec, "pointInTimeRecoverySpecification")
                .check();
        Boolean enabled = JsonRequest.bool(spec, "PointInTimeRecoveryEnabled");
        Long period = JsonRequest.number(spec, "RecoveryPeriodInDays");
        new Validation()
                .notNull(enabled, "pointInTimeRecoverySpecification.pointInTimeRecoveryEnabled")
                .range(period, "pointInTimeRecoverySpecification.recoveryPeriodInDays", 1, 35)
                .check();
        if (!enabled && period != null) {
            throw DynamoException.validation("RecoveryPeriodInDays can only be specified when "
                    + "PointInTimeRecoveryEnabled is true");
        }
        Table table = DescribeContinuousBackupsAction.sourceTable(catalog, context, name);
        if (enabled) {
            pitr.enable(table, period == null ? PointInTimeRecovery.DEFAULT_RECOVERY_PERIOD_DAYS : period.intValue());
        } else {
            pitr.disable(table);
        }
        return Action.done(g -> ContinuousBackupsJson.write(g, table, pitr));
    }
}
