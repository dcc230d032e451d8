package dev.rewind.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupType;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsDescription;
import software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsStatus;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.InvalidRestoreTimeException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryDescription;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryStatus;
import software.amazon.awssdk.services.dynamodb.model.PointInTimeRecoveryUnavailableException;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableToPointInTimeRequest;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TableAlreadyExistsException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * Point-in-time recovery through the AWS SDK on the real clock (issue #4): UpdateContinuousBackups,
 * DescribeContinuousBackups and RestoreTableToPointInTime as the API reference describes them
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_RestoreTableToPointInTime.html and siblings),
 * their errors, overrides, and the SYSTEM backup a deleted PITR table leaves. One deliberate difference from AWS:
 * LatestRestorableDateTime is now, not about five minutes ago, so a write is restorable as soon as it is
 * acknowledged; the tests that rely on it say so.
 */
@Timeout(300)
class PointInTimeRecoveryIT {
    private static final String GSI_A = "by-a";
    private static final String GSI_B = "by-b";
    private static final Duration RESTORE_TIMEOUT = Duration.ofSeconds(60);

    private final DynamoDbClient client = RewindServer.client();

    /** A new table: continuous backups ENABLED, PITR DISABLED; enabling answers the window and period 35. */
    @Test
    void updateAndDescribeContinuousBackups_shapes() {
        String table = createTable("pitr-shape");
        ContinuousBackupsDescription off = client.describeContinuousBackups(b -> b.tableName(table))
                .continuousBackupsDescription();
        assertThat(off.continuousBackupsStatus()).isEqualTo(ContinuousBackupsStatus.ENABLED);
        assertThat(off.pointInTimeRecoveryDescription().pointInTimeRecoveryStatus())
                .isEqualTo(PointInTimeRecoveryStatus.DISABLED);
        assertThat(off.pointInTimeRecoveryDescription().earliestRestorableDateTime()).isNull();

        Instant before = Instant.now().minusMillis(1);
        ContinuousBackupsDescription on = enable(table, null);
        Instant after = Instant.now().plusMillis(1);
        assertThat(on.continuousBackupsStatus()).isEqualTo(ContinuousBackupsStatus.ENABLED);
        PointInTimeRecoveryDescription pitr = on.pointInTimeRecoveryDescription();
        assertThat(pitr.pointInTimeRecoveryStatus()).isEqualTo(PointInTimeRecoveryStatus.ENABLED);
        assertThat(pitr.recoveryPeriodInDays()).isEqualTo(35);
        assertThat(pitr.earliestRestorableDateTime()).isBetween(before, after);
        assertThat(pitr.latestRestorableDateTime()).isBetween(pitr.earliestRestorableDateTime(), after);

        // DescribeContinuousBackups and UpdateContinuousBackups take the table's ARN too
        String arn = client.describeTable(b -> b.tableName(table)).table().tableArn();
        assertThat(client.updateContinuousBackups(b -> b.tableName(arn).pointInTimeRecoverySpecification(
                s -> s.pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(7))).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().recoveryPeriodInDays()).isEqualTo(7);
        PointInTimeRecoveryDescription described = client.describeContinuousBackups(b -> b.tableName(arn))
                .continuousBackupsDescription().pointInTimeRecoveryDescription();
        assertThat(described.recoveryPeriodInDays()).isEqualTo(7);
        assertThat(described.earliestRestorableDateTime()).isEqualTo(pitr.earliestRestorableDateTime());
        assertThat(described.latestRestorableDateTime()).isAfterOrEqualTo(pitr.latestRestorableDateTime())
                .isBeforeOrEqualTo(Instant.now());

        assertThatThrownBy(() -> enable(table, 36)).isInstanceOfSatisfying(DynamoDbException.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThat(client.updateContinuousBackups(b -> b.tableName(table).pointInTimeRecoverySpecification(
                s -> s.pointInTimeRecoveryEnabled(false))).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus())
                .isEqualTo(PointInTimeRecoveryStatus.DISABLED);
    }

    /** DescribeContinuousBackups and UpdateContinuousBackups of a missing table are TableNotFoundException. */
    @Test
    void continuousBackups_unknownTable_isTableNotFound() {
        String missing = RewindServer.uniqueTableName("pitr-missing");
        assertThatThrownBy(() -> client.describeContinuousBackups(b -> b.tableName(missing)))
                .isInstanceOf(TableNotFoundException.class);
        assertThatThrownBy(() -> enable(missing, null)).isInstanceOf(TableNotFoundException.class);
    }

    /**
     * A restore by SourceTableName or by SourceTableArn answers CREATING with a RestoreSummary in progress, then
     * becomes ACTIVE with the source's items and indexes.
     */
    @Test
    void restore_byNameAndByArn_creatingWithRestoreSummaryThenActive() {
        String source = createTable("pitr-src");
        enable(source, null);
        putItems(source, 0, 20, "v1");
        TableDescription sourceDescription = client.describeTable(b -> b.tableName(source)).table();

        String byName = RewindServer.uniqueTableName("pitr-by-name");
        Instant before = Instant.now();
        TableDescription creating = client.restoreTableToPointInTime(b -> b.sourceTableName(source)
                .targetTableName(byName).useLatestRestorableTime(true)).tableDescription();
        assertThat(creating.tableName()).isEqualTo(byName);
        assertThat(creating.tableStatus()).isEqualTo(TableStatus.CREATING);
        assertThat(creating.restoreSummary().sourceTableArn()).isEqualTo(sourceDescription.tableArn());
        assertThat(creating.restoreSummary().sourceBackupArn()).isNull();
        assertThat(creating.restoreSummary().restoreInProgress()).isTrue();
        assertThat(creating.restoreSummary().restoreDateTime()).isBetween(before.minusMillis(1), Instant.now());
        assertThat(creating.keySchema()).isEqualTo(sourceDescription.keySchema());
        TableDescription active = awaitActive(byName);
        assertThat(active.restoreSummary().restoreInProgress()).isFalse();
        assertThat(active.restoreSummary().restoreDateTime()).isEqualTo(creating.restoreSummary().restoreDateTime());
        assertThat(active.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactlyInAnyOrder(GSI_A,
                GSI_B);
        assertThat(active.itemCount()).isEqualTo(20);
        assertThat(items(byName)).isEqualTo(items(source));
        assertThat(gsiItems(byName, GSI_A)).isEqualTo(gsiItems(source, GSI_A));

        String byArn = RewindServer.uniqueTableName("pitr-by-arn");
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS); // RestoreDateTime travels in milliseconds
        TableDescription viaArn = client.restoreTableToPointInTime(b -> b.sourceTableArn(sourceDescription.tableArn())
                .targetTableName(byArn).restoreDateTime(at)).tableDescription();
        assertThat(viaArn.restoreSummary().restoreDateTime()).isEqualTo(at);
        awaitActive(byArn);
        assertThat(items(byArn)).isEqualTo(items(source));
    }

    /** Unlike AWS's ~5 minutes lag, each acknowledged write is restorable at once with UseLatestRestorableTime. */
    @Test
    void everyAcknowledgedWrite_isRestorableImmediately() {
        String source = createTable("pitr-now");
        enable(source, null);
        for (int round = 0; round < 3; round++) {
            String value = "round-" + round;
            putItems(source, 0, 3, value);
            String restored = restoreLatest(source);
            assertThat(items(restored).values()).hasSize(3).allSatisfy(v -> assertThat(v).isEqualTo(value));
        }
    }

    /** Restoring to just before a delete brings the deleted items back; the source keeps its deletions. */
    @Test
    void restoreToJustBeforeDelete_bringsDeletedItemsBack() throws InterruptedException {
        String source = createTable("pitr-undelete");
        enable(source, null);
        putItems(source, 0, 10, "keep");
        Map<String, String> before = items(source);
        Thread.sleep(2);
        Instant beforeDelete = Instant.now();
        Thread.sleep(2);
        for (int i = 0; i < 10; i += 2) {
            int k = i;
            client.deleteItem(b -> b.tableName(source).key(Map.of("pk", s("k" + k))));
        }
        assertThat(items(source)).hasSize(5);
        String restored = restoreAt(source, beforeDelete);
        assertThat(items(restored)).isEqualTo(before);
        assertThat(gsiItems(restored, GSI_A)).hasSize(10);
    }

    /** Overrides: no GSI, one of two GSIs, provisioned billing, KMS encryption (as RestoreTableFromBackup). */
    @Test
    void restore_withOverrides() {
        String source = createTable("pitr-override");
        enable(source, null);
        putItems(source, 0, 6, "o");

        String none = target("pitr-no-gsi");
        client.restoreTableToPointInTime(b -> b.sourceTableName(source).targetTableName(none)
                .useLatestRestorableTime(true).globalSecondaryIndexOverride(List.of()));
        TableDescription noGsi = awaitActive(none);
        assertThat(noGsi.hasGlobalSecondaryIndexes() && !noGsi.globalSecondaryIndexes().isEmpty()).isFalse();
        assertThat(items(none)).isEqualTo(items(source));

        String some = target("pitr-one-gsi");
        client.restoreTableToPointInTime(b -> b.sourceTableName(source).targetTableName(some)
                .useLatestRestorableTime(true).globalSecondaryIndexOverride(gsi(GSI_B, "b", ProjectionType.KEYS_ONLY)
                        .toBuilder().provisionedThroughput(p -> p.readCapacityUnits(2L).writeCapacityUnits(1L))
                        .build())
                .billingModeOverride(BillingMode.PROVISIONED)
                .provisionedThroughputOverride(p -> p.readCapacityUnits(5L).writeCapacityUnits(3L))
                .sseSpecificationOverride(sse -> sse.enabled(true).sseType(SSEType.KMS)));
        TableDescription oneGsi = awaitActive(some);
        assertThat(oneGsi.globalSecondaryIndexes()).extracting(i -> i.indexName()).containsExactly(GSI_B);
        assertThat(oneGsi.globalSecondaryIndexes().get(0).projection().projectionType())
                .isEqualTo(ProjectionType.KEYS_ONLY);
        assertThat(oneGsi.billingModeSummary().billingMode()).isEqualTo(BillingMode.PROVISIONED);
        assertThat(oneGsi.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
        assertThat(oneGsi.provisionedThroughput().writeCapacityUnits()).isEqualTo(3L);
        assertThat(oneGsi.sseDescription().status()).isEqualTo(SSEStatus.ENABLED);
        assertThat(oneGsi.sseDescription().sseType()).isEqualTo(SSEType.KMS);
        List<Map<String, AttributeValue>> keysOnly = new ArrayList<>();
        client.scanPaginator(ScanRequest.builder().tableName(some).indexName(GSI_B).build()).items()
                .forEach(keysOnly::add);
        assertThat(keysOnly).hasSize(6).allSatisfy(i -> assertThat(i.keySet()).containsExactlyInAnyOrder("pk", "b"));
    }

    /** A restored table inherits neither PITR, tags nor TTL: they "must be set up manually" (API reference). */
    @Test
    void restore_doesNotCarryPitrTagsOrTtl() {
        String source = RewindServer.uniqueTableName("pitr-settings");
        client.createTable(b -> b.tableName(source).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(a -> a.attributeName("pk").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .tags(Tag.builder().key("team").value("rewind").build()));
        awaitActive(source);
        enable(source, 3);
        client.updateTimeToLive(b -> b.tableName(source).timeToLiveSpecification(t -> t.enabled(true)
                .attributeName("expires")));
        client.putItem(b -> b.tableName(source).item(Map.of("pk", s("k0"), "v", s("x"))));
        String restored = restoreLatest(source);
        String restoredArn = client.describeTable(b -> b.tableName(restored)).table().tableArn();
        assertThat(client.listTagsOfResource(b -> b.resourceArn(restoredArn)).tags()).isEmpty();
        assertThat(client.describeTimeToLive(b -> b.tableName(restored)).timeToLiveDescription()
                .timeToLiveStatus()).isEqualTo(TimeToLiveStatus.DISABLED);
        assertThat(client.describeContinuousBackups(b -> b.tableName(restored)).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().pointInTimeRecoveryStatus())
                .isEqualTo(PointInTimeRecoveryStatus.DISABLED);
        assertThatThrownBy(() -> restoreLatest(restored)).isInstanceOf(PointInTimeRecoveryUnavailableException.class);
    }

    /** The errors RestoreTableToPointInTime documents, each for its cause. */
    @Test
    void restore_errors() {
        String off = createTable("pitr-off");
        assertThatThrownBy(() -> restoreLatest(off)).isInstanceOf(PointInTimeRecoveryUnavailableException.class);

        String source = createTable("pitr-err");
        enable(source, null);
        Instant earliest = client.describeContinuousBackups(b -> b.tableName(source)).continuousBackupsDescription()
                .pointInTimeRecoveryDescription().earliestRestorableDateTime();
        assertThatThrownBy(() -> restoreAt(source, earliest.minusSeconds(1)))
                .isInstanceOf(InvalidRestoreTimeException.class);
        assertThatThrownBy(() -> restoreAt(source, Instant.now().plusSeconds(60)))
                .isInstanceOf(InvalidRestoreTimeException.class);
        assertThatThrownBy(() -> restoreLatest(RewindServer.uniqueTableName("pitr-nosuch")))
                .isInstanceOf(TableNotFoundException.class);
        assertThatThrownBy(() -> client.restoreTableToPointInTime(b -> b.sourceTableName(source)
                .targetTableName(off).useLatestRestorableTime(true))).isInstanceOf(TableAlreadyExistsException.class);
        assertThatThrownBy(() -> client.restoreTableToPointInTime(b -> b.sourceTableName(source)
                .targetTableName(target("pitr-both")).useLatestRestorableTime(true).restoreDateTime(Instant.now())))
                .isInstanceOfSatisfying(DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> client.restoreTableToPointInTime(b -> b.sourceTableName(source)
                .targetTableName(target("pitr-neither"))))
                .isInstanceOfSatisfying(DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    /**
     * Deleting a PITR table leaves a SYSTEM backup "&lt;table&gt;$DeletedTableBackup" that expires after the
     * recovery period and restores the table as it was when deleted; a new table of the same name starts its own
     * history.
     */
    @Test
    void deletePitrTable_leavesSystemBackup_newTableOfSameNameHasOwnHistory() {
        String source = createTable("pitr-deleted");
        enable(source, 7);
        putItems(source, 0, 8, "last");
        Map<String, String> atDeletion = items(source);
        Instant beforeDelete = Instant.now();
        client.deleteTable(b -> b.tableName(source));
        Instant afterDelete = Instant.now();

        List<BackupSummary> system = client.listBackups(b -> b.tableName(source)
                .backupType(BackupTypeFilter.SYSTEM)).backupSummaries();
        assertThat(system).hasSize(1);
        BackupSummary backup = system.get(0);
        assertThat(backup.backupType()).isEqualTo(BackupType.SYSTEM);
        assertThat(backup.backupName()).isEqualTo(source + "$DeletedTableBackup");
        assertThat(backup.backupExpiryDateTime()).isBetween(beforeDelete.plus(Duration.ofDays(7)).minusMillis(1),
                afterDelete.plus(Duration.ofDays(7)).plusMillis(1));
        assertThat(client.listBackups(b -> b.tableName(source)).backupSummaries()).as("USER by default").isEmpty();

        String recovered = target("pitr-recovered");
        client.restoreTableFromBackup(b -> b.backupArn(backup.backupArn()).targetTableName(recovered));
        awaitActive(recovered);
        assertThat(items(recovered)).isEqualTo(atDeletion);

        createTable("pitr-deleted", source);
        enable(source, null);
        assertThatThrownBy(() -> restoreAt(source, beforeDelete)).isInstanceOf(InvalidRestoreTimeException.class);
        assertThat(items(restoreLatest(source))).isEmpty();
    }

    // ---- helpers

    /** A table with a hash key and two GSIs, on-demand. */
    private String createTable(String prefix) {
        return createTable(prefix, RewindServer.uniqueTableName(prefix));
    }

    private String createTable(String prefix, String name) {
        client.createTable(b -> b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attribute("pk"), attribute("a"), attribute("b"))
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .globalSecondaryIndexes(gsi(GSI_A, "a", ProjectionType.ALL), gsi(GSI_B, "b", ProjectionType.ALL)));
        awaitActive(name);
        return name;
    }

    private static AttributeDefinition attribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static GlobalSecondaryIndex gsi(String name, String hash, ProjectionType projection) {
        return GlobalSecondaryIndex.builder().indexName(name)
                .keySchema(KeySchemaElement.builder().attributeName(hash).keyType(KeyType.HASH).build())
                .projection(Projection.builder().projectionType(projection).build()).build();
    }

    private ContinuousBackupsDescription enable(String table, Integer days) {
        return client.updateContinuousBackups(b -> b.tableName(table).pointInTimeRecoverySpecification(
                s -> s.pointInTimeRecoveryEnabled(true).recoveryPeriodInDays(days))).continuousBackupsDescription();
    }

    private void putItems(String table, int from, int to, String value) {
        for (int i = from; i < to; i++) {
            int k = i;
            client.putItem(b -> b.tableName(table).item(Map.of("pk", s("k" + k), "a", s("a" + (k % 3)),
                    "b", s("b" + k), "v", s(value))));
        }
    }

    private String restoreLatest(String source) {
        String target = target("pitr-latest");
        client.restoreTableToPointInTime(b -> b.sourceTableName(source).targetTableName(target)
                .useLatestRestorableTime(true));
        awaitActive(target);
        return target;
    }

    private String restoreAt(String source, Instant at) {
        String target = target("pitr-at");
        client.restoreTableToPointInTime(RestoreTableToPointInTimeRequest.builder().sourceTableName(source)
                .targetTableName(target).restoreDateTime(at).build());
        awaitActive(target);
        return target;
    }

    private static String target(String prefix) {
        return RewindServer.uniqueTableName(prefix);
    }

    private TableDescription awaitActive(String table) {
        long deadline = System.nanoTime() + RESTORE_TIMEOUT.toNanos();
        while (true) {
            TableDescription d = client.describeTable(b -> b.tableName(table)).table();
            if (d.tableStatus() == TableStatus.ACTIVE) {
                return d;
            }
            assertThat(d.tableStatus()).isEqualTo(TableStatus.CREATING);
            if (d.restoreSummary() != null) {
                assertThat(d.restoreSummary().restoreInProgress()).isTrue();
            }
            assertThat(System.nanoTime()).as("%s still CREATING", table).isLessThan(deadline);
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** pk → v of every item. */
    private Map<String, String> items(String table) {
        Map<String, String> out = new TreeMap<>();
        client.scanPaginator(ScanRequest.builder().tableName(table).consistentRead(true).build()).items()
                .forEach(i -> out.put(i.get("pk").s(), i.get("v").s()));
        return out;
    }

    private Map<String, String> gsiItems(String table, String index) {
        Map<String, String> out = new TreeMap<>();
        client.scanPaginator(ScanRequest.builder().tableName(table).indexName(index).build()).items()
                .forEach(i -> out.put(i.get("pk").s(), i.get("v") == null ? null : i.get("v").s()));
        return out;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
