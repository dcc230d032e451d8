package dev.rewind.it;

import static dev.rewind.it.BackupFixtures.ALBUM_INDEX;
import static dev.rewind.it.BackupFixtures.SINGERS_INDEX;
import static dev.rewind.it.BackupFixtures.YEAR_INDEX;
import static dev.rewind.it.BackupFixtures.awaitActive;
import static dev.rewind.it.BackupFixtures.backup;
import static dev.rewind.it.BackupFixtures.createActive;
import static dev.rewind.it.BackupFixtures.distinct;
import static dev.rewind.it.BackupFixtures.hash;
import static dev.rewind.it.BackupFixtures.musicItems;
import static dev.rewind.it.BackupFixtures.musicTable;
import static dev.rewind.it.BackupFixtures.n;
import static dev.rewind.it.BackupFixtures.project;
import static dev.rewind.it.BackupFixtures.projection;
import static dev.rewind.it.BackupFixtures.putAll;
import static dev.rewind.it.BackupFixtures.queryIndex;
import static dev.rewind.it.BackupFixtures.range;
import static dev.rewind.it.BackupFixtures.s;
import static dev.rewind.it.BackupFixtures.scanAll;
import static dev.rewind.it.BackupFixtures.throughput;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.RestoreSummary;
import software.amazon.awssdk.services.dynamodb.model.RestoreTableFromBackupRequest;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.TableAlreadyExistsException;
import software.amazon.awssdk.services.dynamodb.model.TableClass;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * RestoreTableFromBackup through the AWS SDK (issue #3): the CREATING table with its RestoreSummary, the data and
 * every index entry once ACTIVE, each override of
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_RestoreTableFromBackup.html, the settings a
 * restored table never inherits, and cross-Region restores as in the "Restoring a DynamoDB table from a backup"
 * tutorial.
 */
@Timeout(300)
class RestoreFromBackupIT {
    private static final DynamoDbClient CLIENT = RewindServer.client();
    private static final List<Map<String, AttributeValue>> ITEMS = musicItems();

    /** A provisioned music table with SSE, tags, deletion protection and the infrequent-access class. */
    private static String source;
    private static String sourceArn;
    private static String backupArn;
    private static BackupDescription backup;
    /** An on-demand music table and its backup. */
    private static String onDemandBackupArn;

    @BeforeAll
    static void backUpSources() {
        source = RewindServer.uniqueTableName("restore-src");
        createActive(CLIENT, musicTable(source, BillingMode.PROVISIONED, b -> b
                .sseSpecification(sse -> sse.enabled(true).sseType(SSEType.KMS))
                .tableClass(TableClass.STANDARD_INFREQUENT_ACCESS)
                .deletionProtectionEnabled(true)
                .tags(Tag.builder().key("team").value("music").build())));
        putAll(CLIENT, source, ITEMS);
        sourceArn = CLIENT.describeTable(b -> b.tableName(source)).table().tableArn();
        backupArn = backup(CLIENT, source, "restore-src-backup");
        backup = CLIENT.describeBackup(b -> b.backupArn(backupArn)).backupDescription();
        // changes after the backup must not show in any restore
        CLIENT.putItem(b -> b.tableName(source).item(Map.of("Artist", s("late"), "SongTitle", s("late"))));

        String onDemand = RewindServer.uniqueTableName("restore-ondemand");
        createActive(CLIENT, musicTable(onDemand, BillingMode.PAY_PER_REQUEST, b -> { }));
        putAll(CLIENT, onDemand, ITEMS);
        onDemandBackupArn = backup(CLIENT, onDemand, "ondemand-backup");
    }

    private static TableDescription restore(String arn, Consumer<RestoreTableFromBackupRequest.Builder> overrides) {
        return restore(CLIENT, arn, overrides);
    }

    private static TableDescription restore(DynamoDbClient client, String arn,
            Consumer<RestoreTableFromBackupRequest.Builder> overrides) {
        String target = RewindServer.uniqueTableName("restored");
        RestoreTableFromBackupRequest.Builder b = RestoreTableFromBackupRequest.builder().backupArn(arn)
                .targetTableName(target);
        overrides.accept(b);
        client.restoreTableFromBackup(b.build());
        return awaitActive(client, target);
    }

    private static GlobalSecondaryIndex gsi(String name, ProjectionType type, boolean provisioned,
            String... nonKey) {
        GlobalSecondaryIndex.Builder b = GlobalSecondaryIndex.builder().indexName(name)
                .projection(projection(type, nonKey));
        if (name.equals(SINGERS_INDEX)) {
            b.keySchema(hash("SingerName"));
        } else {
            b.keySchema(hash("AlbumTitle"), range("Year"));
        }
        if (provisioned) {
            b.provisionedThroughput(throughput(6, 7));
        }
        return b.build();
    }

    private static List<Map<String, AttributeValue>> singers(String table) {
        return queryIndex(CLIENT, table, SINGERS_INDEX, "SingerName", distinct(ITEMS, "SingerName"));
    }

    private static List<Map<String, AttributeValue>> albums(String table) {
        return queryIndex(CLIENT, table, ALBUM_INDEX, "AlbumTitle", distinct(ITEMS, "AlbumTitle"));
    }

    private static List<Map<String, AttributeValue>> years(String table) {
        return queryIndex(CLIENT, table, YEAR_INDEX, "Artist", distinct(ITEMS, "Artist"));
    }

    private static List<String> gsiNames(TableDescription t) {
        return t.globalSecondaryIndexes().stream().map(GlobalSecondaryIndexDescription::indexName).toList();
    }

    /** The tutorial's plain restore: CREATING with RestoreSummary at once, then ACTIVE with every item and entry. */
    @Test
    void restore_sameRegion_creatingThenActiveWithAllItemsAndIndexes() {
        String target = RewindServer.uniqueTableName("restored");

        TableDescription creating = CLIENT.restoreTableFromBackup(b -> b.backupArn(backupArn)
                .targetTableName(target)).tableDescription();

        assertThat(creating.tableName()).isEqualTo(target);
        assertThat(creating.tableStatus()).isEqualTo(TableStatus.CREATING);
        RestoreSummary summary = creating.restoreSummary();
        assertThat(summary.sourceBackupArn()).isEqualTo(backupArn);
        assertThat(summary.sourceTableArn()).isEqualTo(sourceArn);
        assertThat(summary.restoreDateTime()).isEqualTo(backup.backupDetails().backupCreationDateTime());
        assertThat(summary.restoreInProgress()).isTrue();
        assertThat(creating.keySchema()).isEqualTo(backup.sourceTableDetails().keySchema());

        TableDescription active = awaitActive(CLIENT, target);
        assertThat(active.restoreSummary().restoreInProgress()).isFalse();
        assertThat(active.restoreSummary().sourceBackupArn()).isEqualTo(backupArn);
        assertThat(active.restoreSummary().sourceTableArn()).isEqualTo(sourceArn);
        assertThat(active.tableId()).isNotEqualTo(backup.sourceTableDetails().tableId());
        assertThat(active.billingModeSummary() == null ? BillingMode.PROVISIONED
                : active.billingModeSummary().billingMode()).isEqualTo(BillingMode.PROVISIONED);
        assertThat(active.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
        assertThat(gsiNames(active)).containsExactlyInAnyOrder(SINGERS_INDEX, ALBUM_INDEX);
        assertThat(active.localSecondaryIndexes()).hasSize(1);
        assertThat(active.sseDescription().status()).isEqualTo(SSEStatus.ENABLED);

        assertThat(scanAll(CLIENT, target)).containsExactlyInAnyOrderElementsOf(ITEMS);
        assertThat(singers(target)).containsExactlyInAnyOrderElementsOf(ITEMS);
        assertThat(albums(target)).containsExactlyInAnyOrderElementsOf(
                project(ITEMS, "AlbumTitle", "Year", List.of("Artist", "SongTitle", "AlbumTitle", "Year")));
        assertThat(years(target)).containsExactlyInAnyOrderElementsOf(
                project(ITEMS, "Artist", "Year", List.of("Artist", "SongTitle", "Year", "Plays")));
    }

    /** BillingModeOverride PAY_PER_REQUEST turns a provisioned table's backup into an on-demand table. */
    @Test
    void billingModeOverride_provisionedToOnDemand() {
        TableDescription t = restore(backupArn, b -> b.billingModeOverride(BillingMode.PAY_PER_REQUEST));

        assertThat(t.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(t.provisionedThroughput().readCapacityUnits()).isZero();
        assertThat(t.globalSecondaryIndexes()).allSatisfy(
                i -> assertThat(i.provisionedThroughput().readCapacityUnits()).isZero());
        assertThat(scanAll(CLIENT, t.tableName())).hasSameSizeAs(ITEMS);
    }

    /** BillingModeOverride PROVISIONED on an on-demand backup takes the ProvisionedThroughputOverride given. */
    @Test
    void billingModeOverride_onDemandToProvisioned() {
        TableDescription t = restore(onDemandBackupArn, b -> b.billingModeOverride(BillingMode.PROVISIONED)
                .provisionedThroughputOverride(throughput(8, 9))
                .globalSecondaryIndexOverride(gsi(SINGERS_INDEX, ProjectionType.ALL, true),
                        gsi(ALBUM_INDEX, ProjectionType.KEYS_ONLY, true)));

        assertThat(t.billingModeSummary() == null ? BillingMode.PROVISIONED : t.billingModeSummary().billingMode())
                .isEqualTo(BillingMode.PROVISIONED);
        assertThat(t.provisionedThroughput().readCapacityUnits()).isEqualTo(8L);
        assertThat(t.provisionedThroughput().writeCapacityUnits()).isEqualTo(9L);
        assertThat(t.globalSecondaryIndexes()).allSatisfy(i -> {
            assertThat(i.provisionedThroughput().readCapacityUnits()).isEqualTo(6L);
            assertThat(i.provisionedThroughput().writeCapacityUnits()).isEqualTo(7L);
        });
        assertThat(scanAll(CLIENT, t.tableName())).containsExactlyInAnyOrderElementsOf(ITEMS);
        assertThat(singers(t.tableName())).containsExactlyInAnyOrderElementsOf(ITEMS);
    }

    /** ProvisionedThroughputOverride alone changes a provisioned table's capacity and keeps the rest. */
    @Test
    void provisionedThroughputOverride_changesCapacity() {
        TableDescription t = restore(backupArn, b -> b.provisionedThroughputOverride(throughput(11, 12)));

        assertThat(t.provisionedThroughput().readCapacityUnits()).isEqualTo(11L);
        assertThat(t.provisionedThroughput().writeCapacityUnits()).isEqualTo(12L);
        assertThat(gsiNames(t)).containsExactlyInAnyOrder(SINGERS_INDEX, ALBUM_INDEX);
        assertThat(scanAll(CLIENT, t.tableName())).containsExactlyInAnyOrderElementsOf(ITEMS);
    }

    /** GlobalSecondaryIndexOverride listing every index keeps them all, entries included. */
    @Test
    void globalSecondaryIndexOverride_keepAll() {
        TableDescription t = restore(backupArn, b -> b.globalSecondaryIndexOverride(
                gsi(SINGERS_INDEX, ProjectionType.ALL, true), gsi(ALBUM_INDEX, ProjectionType.KEYS_ONLY, true)));

        assertThat(gsiNames(t)).containsExactlyInAnyOrder(SINGERS_INDEX, ALBUM_INDEX);
        assertThat(singers(t.tableName())).containsExactlyInAnyOrderElementsOf(ITEMS);
        assertThat(albums(t.tableName())).hasSize(project(ITEMS, "AlbumTitle", "Year", null).size());
    }

    /** GlobalSecondaryIndexOverride with some of the indexes drops the others ("exclude some ... indexes"). */
    @Test
    void globalSecondaryIndexOverride_keepSome() {
        TableDescription t = restore(backupArn, b -> b.globalSecondaryIndexOverride(
                gsi(SINGERS_INDEX, ProjectionType.ALL, true)));

        assertThat(gsiNames(t)).containsExactly(SINGERS_INDEX);
        assertThat(singers(t.tableName())).containsExactlyInAnyOrderElementsOf(ITEMS);
        assertThatThrownBy(() -> albums(t.tableName())).isInstanceOfSatisfying(DynamoDbException.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThat(t.localSecondaryIndexes()).hasSize(1);
    }

    /** GlobalSecondaryIndexOverride [] restores no GSI at all (the tutorial's "--global-secondary-index-override '[]'"). */
    @Test
    void globalSecondaryIndexOverride_none() {
        TableDescription t = restore(backupArn, b -> b.globalSecondaryIndexOverride(List.of()));

        assertThat(t.hasGlobalSecondaryIndexes() ? t.globalSecondaryIndexes() : List.of()).isEmpty();
        assertThat(scanAll(CLIENT, t.tableName())).containsExactlyInAnyOrderElementsOf(ITEMS);
        assertThatThrownBy(() -> singers(t.tableName())).isInstanceOfSatisfying(DynamoDbException.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    /** A re-projected index holds what its new projection says: ALL → KEYS_ONLY and KEYS_ONLY → INCLUDE. */
    @Test
    void globalSecondaryIndexOverride_reprojects() {
        TableDescription t = restore(backupArn, b -> b.globalSecondaryIndexOverride(
                gsi(SINGERS_INDEX, ProjectionType.KEYS_ONLY, true),
                gsi(ALBUM_INDEX, ProjectionType.INCLUDE, true, "Plays")));

        assertThat(t.globalSecondaryIndexes()).allSatisfy(i -> assertThat(i.projection().projectionType())
                .isEqualTo(i.indexName().equals(SINGERS_INDEX) ? ProjectionType.KEYS_ONLY : ProjectionType.INCLUDE));
        assertThat(singers(t.tableName())).containsExactlyInAnyOrderElementsOf(
                project(ITEMS, "SingerName", null, List.of("Artist", "SongTitle", "SingerName")));
        assertThat(albums(t.tableName())).containsExactlyInAnyOrderElementsOf(
                project(ITEMS, "AlbumTitle", "Year", List.of("Artist", "SongTitle", "AlbumTitle", "Year", "Plays")));
    }

    /** LocalSecondaryIndexOverride can re-project an LSI or leave it out. */
    @Test
    void localSecondaryIndexOverride_reprojectsOrDrops() {
        LocalSecondaryIndex all = LocalSecondaryIndex.builder().indexName(YEAR_INDEX)
                .keySchema(hash("Artist"), range("Year")).projection(projection(ProjectionType.ALL)).build();
        TableDescription reprojected = restore(backupArn, b -> b.localSecondaryIndexOverride(all));
        assertThat(reprojected.localSecondaryIndexes()).singleElement()
                .satisfies(i -> assertThat(i.projection().projectionType()).isEqualTo(ProjectionType.ALL));
        assertThat(years(reprojected.tableName())).containsExactlyInAnyOrderElementsOf(ITEMS);

        TableDescription dropped = restore(backupArn, b -> b.localSecondaryIndexOverride(List.of()));
        assertThat(dropped.hasLocalSecondaryIndexes() ? dropped.localSecondaryIndexes() : List.of()).isEmpty();
        assertThat(gsiNames(dropped)).hasSize(2);
        assertThatThrownBy(() -> years(dropped.tableName())).isInstanceOfSatisfying(DynamoDbException.class,
                e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    /** SSESpecificationOverride sets the restored table's encryption: a given KMS key, or the AWS owned key. */
    @Test
    void sseSpecificationOverride_setsEncryption() {
        TableDescription kms = restore(backupArn, b -> b.sseSpecificationOverride(sse -> sse.enabled(true)
                .sseType(SSEType.KMS).kmsMasterKeyId("abcd1234-abcd-1234-a123-ab1234a1b234")));
        assertThat(kms.sseDescription().status()).isEqualTo(SSEStatus.ENABLED);
        assertThat(kms.sseDescription().sseType()).isEqualTo(SSEType.KMS);
        assertThat(kms.sseDescription().kmsMasterKeyArn()).endsWith(":key/abcd1234-abcd-1234-a123-ab1234a1b234");

        TableDescription owned = restore(backupArn, b -> b.sseSpecificationOverride(sse -> sse.enabled(false)));
        assertThat(owned.sseDescription()).isNull();
        assertThat(scanAll(CLIENT, owned.tableName())).containsExactlyInAnyOrderElementsOf(ITEMS);
    }

    /** "You cannot create new indexes at the time of restore": an unknown or re-keyed index is a ValidationException. */
    @Test
    void indexOverride_addingAnIndex_isValidationError() {
        GlobalSecondaryIndex added = GlobalSecondaryIndex.builder().indexName("lyrics-index")
                .keySchema(hash("Year")).projection(projection(ProjectionType.ALL))
                .provisionedThroughput(throughput(1, 1)).build();
        GlobalSecondaryIndex rekeyed = GlobalSecondaryIndex.builder().indexName(SINGERS_INDEX)
                .keySchema(hash("AlbumTitle")).projection(projection(ProjectionType.ALL))
                .provisionedThroughput(throughput(1, 1)).build();
        for (GlobalSecondaryIndex bad : List.of(added, rekeyed)) {
            String target = RewindServer.uniqueTableName("not-restored");
            assertThatThrownBy(() -> CLIENT.restoreTableFromBackup(b -> b.backupArn(backupArn).targetTableName(target)
                    .globalSecondaryIndexOverride(gsi(SINGERS_INDEX, ProjectionType.ALL, true), bad)))
                    .isInstanceOfSatisfying(DynamoDbException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
            assertThatThrownBy(() -> CLIENT.describeTable(b -> b.tableName(target)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    /** "Tables restored from backups are always created using the DynamoDB Standard table class", unprotected. */
    @Test
    void restoredTable_isStandardClassWithoutDeletionProtection() {
        TableDescription t = restore(backupArn, b -> { });

        // AWS may leave TableClassSummary out for STANDARD
        assertThat(t.tableClassSummary() == null ? TableClass.STANDARD : t.tableClassSummary().tableClass())
                .isEqualTo(TableClass.STANDARD);
        assertThat(t.deletionProtectionEnabled()).isNotEqualTo(Boolean.TRUE);
        // not deletion-protected: it can be deleted at once (the source cannot)
        CLIENT.deleteTable(b -> b.tableName(t.tableName()));
    }

    /** A target name that is taken is TableAlreadyExistsException, and the existing table is untouched. */
    @Test
    void restore_ontoExistingTable_isTableAlreadyExists() {
        assertThatThrownBy(() -> CLIENT.restoreTableFromBackup(b -> b.backupArn(onDemandBackupArn)
                .targetTableName(source))).isInstanceOf(TableAlreadyExistsException.class);
        assertThat(CLIENT.describeTable(b -> b.tableName(source)).table().tableStatus()).isEqualTo(TableStatus.ACTIVE);
    }

    /** A request signed for eu-west-1 restores a us-east-1 backup into eu-west-1; SSESpecificationOverride is required. */
    @Test
    void restore_crossRegion_createsTableInCallersRegion() {
        try (DynamoDbClient europe = RewindServer.client(Region.EU_WEST_1)) {
            String missingSse = RewindServer.uniqueTableName("cross-region");
            assertThatThrownBy(() -> europe.restoreTableFromBackup(b -> b.backupArn(backupArn)
                    .targetTableName(missingSse))).isInstanceOfSatisfying(DynamoDbException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));

            TableDescription t = restore(europe, backupArn,
                    b -> b.sseSpecificationOverride(sse -> sse.enabled(true).sseType(SSEType.KMS)));

            assertThat(t.tableArn()).startsWith("arn:aws:dynamodb:eu-west-1:");
            assertThat(t.restoreSummary().sourceBackupArn()).isEqualTo(backupArn);
            assertThat(t.restoreSummary().sourceTableArn()).isEqualTo(sourceArn);
            assertThat(t.sseDescription().kmsMasterKeyArn()).startsWith("arn:aws:kms:eu-west-1:");
            assertThat(scanAll(europe, t.tableName())).containsExactlyInAnyOrderElementsOf(ITEMS);
            assertThat(queryIndex(europe, t.tableName(), SINGERS_INDEX, "SingerName", distinct(ITEMS, "SingerName")))
                    .containsExactlyInAnyOrderElementsOf(ITEMS);
            assertThatThrownBy(() -> CLIENT.describeTable(b -> b.tableName(t.tableName())))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    /** Writing to a restored table leaves the backup as it was: a second restore still has the original items. */
    @Test
    void writesToRestoredTable_doNotChangeTheBackup() {
        TableDescription first = restore(backupArn, b -> { });
        String name = first.tableName();
        CLIENT.putItem(b -> b.tableName(name).item(Map.of("Artist", s("new"), "SongTitle", s("new"),
                "SingerName", s("singer-0"))));
        CLIENT.deleteItem(b -> b.tableName(name).key(Map.of("Artist", s("artist-0"), "SongTitle", s("song-0"))));
        CLIENT.updateItem(b -> b.tableName(name).key(Map.of("Artist", s("artist-1"), "SongTitle", s("song-1")))
                .updateExpression("SET Plays = :p, SingerName = :s")
                .expressionAttributeValues(Map.of(":p", n(-1), ":s", s("someone-else"))));
        assertThat(scanAll(CLIENT, name)).hasSameSizeAs(ITEMS);

        TableDescription second = restore(backupArn, b -> { });

        assertThat(scanAll(CLIENT, second.tableName())).containsExactlyInAnyOrderElementsOf(ITEMS);
        assertThat(singers(second.tableName())).containsExactlyInAnyOrderElementsOf(ITEMS);
        assertThat(CLIENT.describeBackup(b -> b.backupArn(backupArn)).backupDescription().sourceTableDetails()
                .itemCount()).isEqualTo((long) ITEMS.size());
    }
}
