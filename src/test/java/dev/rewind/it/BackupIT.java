package dev.rewind.it;

import static dev.rewind.it.BackupFixtures.ALBUM_INDEX;
import static dev.rewind.it.BackupFixtures.SINGERS_INDEX;
import static dev.rewind.it.BackupFixtures.YEAR_INDEX;
import static dev.rewind.it.BackupFixtures.awaitActive;
import static dev.rewind.it.BackupFixtures.awaitAvailable;
import static dev.rewind.it.BackupFixtures.backup;
import static dev.rewind.it.BackupFixtures.createActive;
import static dev.rewind.it.BackupFixtures.musicItems;
import static dev.rewind.it.BackupFixtures.musicTable;
import static dev.rewind.it.BackupFixtures.putAll;
import static dev.rewind.it.BackupFixtures.scanAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.rewind.Rewind;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BackupDescription;
import software.amazon.awssdk.services.dynamodb.model.BackupDetails;
import software.amazon.awssdk.services.dynamodb.model.BackupNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.BackupStatus;
import software.amazon.awssdk.services.dynamodb.model.BackupSummary;
import software.amazon.awssdk.services.dynamodb.model.BackupType;
import software.amazon.awssdk.services.dynamodb.model.BackupTypeFilter;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexInfo;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsRequest;
import software.amazon.awssdk.services.dynamodb.model.ListBackupsResponse;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexInfo;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.SSEStatus;
import software.amazon.awssdk.services.dynamodb.model.SSEType;
import software.amazon.awssdk.services.dynamodb.model.SourceTableDetails;
import software.amazon.awssdk.services.dynamodb.model.SourceTableFeatureDetails;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableNotFoundException;

/**
 * On-demand backups through the AWS SDK (issue #3): CreateBackup, DescribeBackup, ListBackups and DeleteBackup as
 * the API reference describes them (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_CreateBackup.html
 * and its siblings), their errors, and backups that outlive their table and the server process.
 */
@Timeout(300)
class BackupIT {
    private static final String BACKUP_ARN_PATTERN =
            "arn:aws:dynamodb:%s:\\d{12}:table/%s/backup/\\d{14}-[0-9a-f]{8}";

    private final DynamoDbClient client = RewindServer.client();

    @TempDir
    Path dataDir;

    private String musicWithItems(DynamoDbClient c, Consumer<software.amazon.awssdk.services.dynamodb.model
            .CreateTableRequest.Builder> more) {
        String table = RewindServer.uniqueTableName("backup");
        createActive(c, musicTable(table, BillingMode.PROVISIONED, more));
        putAll(c, table, musicItems());
        return table;
    }

    /** CreateBackup by name answers BackupDetails with an ARN under the table's ARN and a USER type. */
    @Test
    void createBackup_byTableName_returnsBackupDetails() {
        String table = musicWithItems(client, b -> { });
        Instant before = Instant.now();
        BackupDetails details = client.createBackup(b -> b.tableName(table).backupName("MusicBackup")).backupDetails();
        Instant after = Instant.now();

        assertThat(details.backupArn()).matches(String.format(BACKUP_ARN_PATTERN, "us-east-1", table));
        assertThat(details.backupName()).isEqualTo("MusicBackup");
        assertThat(details.backupType()).isEqualTo(BackupType.USER);
        // AWS answers CREATING and turns AVAILABLE within minutes; Rewind's O(1) backup is AVAILABLE at once
        assertThat(details.backupStatus()).isIn(BackupStatus.CREATING, BackupStatus.AVAILABLE);
        assertThat(details.backupCreationDateTime()).isBetween(before.minusSeconds(1), after.plusSeconds(1));
        BackupDetails available = awaitAvailable(client, details.backupArn()).backupDetails();
        assertThat(available.backupSizeBytes()).isNotNull().isPositive();
        assertThat(available.backupCreationDateTime()).isEqualTo(details.backupCreationDateTime());
    }

    /** TableName also takes the table's ARN ("You can also provide the Amazon Resource Name (ARN) of the table"). */
    @Test
    void createBackup_byTableArn_backsUpThatTable() {
        String table = musicWithItems(client, b -> { });
        String tableArn = client.describeTable(b -> b.tableName(table)).table().tableArn();

        BackupDetails details = client.createBackup(b -> b.tableName(tableArn).backupName("by-arn")).backupDetails();

        assertThat(details.backupArn()).startsWith(tableArn + "/backup/")
                .matches(String.format(BACKUP_ARN_PATTERN, "us-east-1", table));
        assertThat(awaitAvailable(client, details.backupArn()).sourceTableDetails().tableName()).isEqualTo(table);
    }

    /** ListBackups filters by table (name or ARN), by creation time (lower bound inclusive, upper exclusive), by type. */
    @Test
    void listBackups_filtersByTableTimeAndType() throws InterruptedException {
        // a Region of its own, so that no other test's backups show up
        try (DynamoDbClient regional = RewindServer.client(Region.AP_SOUTHEAST_2)) {
            String first = musicWithItems(regional, b -> { });
            String second = musicWithItems(regional, b -> { });
            List<BackupDetails> firstBackups = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String name = "first-" + i;
                firstBackups.add(regional.createBackup(b -> b.tableName(first).backupName(name)).backupDetails());
                Thread.sleep(15); // distinct creation times for the range bounds below
            }
            BackupDetails secondBackup = regional.createBackup(b -> b.tableName(second).backupName("second"))
                    .backupDetails();
            String firstArn = regional.describeTable(b -> b.tableName(first)).table().tableArn();

            assertThat(arns(listAll(regional, b -> b.tableName(first)))).containsExactlyInAnyOrderElementsOf(
                    firstBackups.stream().map(BackupDetails::backupArn).toList());
            assertThat(arns(listAll(regional, b -> b.tableName(firstArn)))).hasSize(4);
            assertThat(arns(listAll(regional, b -> { }))).hasSize(5).contains(secondBackup.backupArn());
            assertThat(listAll(regional, b -> b.backupType(BackupTypeFilter.USER))).hasSize(5);
            assertThat(listAll(regional, b -> b.backupType(BackupTypeFilter.ALL))).hasSize(5);
            assertThat(listAll(regional, b -> b.backupType(BackupTypeFilter.SYSTEM))).isEmpty();
            assertThat(listAll(regional, b -> b.backupType(BackupTypeFilter.AWS_BACKUP))).isEmpty();

            Instant lower = firstBackups.get(1).backupCreationDateTime();
            Instant upper = firstBackups.get(3).backupCreationDateTime();
            assertThat(arns(listAll(regional, b -> b.tableName(first).timeRangeLowerBound(lower)
                    .timeRangeUpperBound(upper)))).containsExactlyInAnyOrder(firstBackups.get(1).backupArn(),
                            firstBackups.get(2).backupArn());
            assertThat(listAll(regional, b -> b.tableName(first).timeRangeLowerBound(lower))).hasSize(3);
            assertThat(listAll(regional, b -> b.tableName(first).timeRangeUpperBound(lower))).hasSize(1);

            List<BackupSummary> one = listAll(regional, b -> b.tableName(second));
            assertThat(one).singleElement().satisfies(s -> {
                assertThat(s.tableName()).isEqualTo(second);
                assertThat(s.tableArn()).endsWith(":table/" + second);
                assertThat(s.tableId()).isEqualTo(regional.describeTable(b -> b.tableName(second)).table().tableId());
                assertThat(s.backupArn()).isEqualTo(secondBackup.backupArn());
                assertThat(s.backupName()).isEqualTo("second");
                assertThat(s.backupType()).isEqualTo(BackupType.USER);
                assertThat(s.backupCreationDateTime()).isEqualTo(secondBackup.backupCreationDateTime());
            });
        }
        // other Regions don't see them
        assertThat(arns(listAll(client, b -> { }))).noneMatch(arn -> arn.contains(":ap-southeast-2:"));
    }

    /** Deleting a PITR-enabled table leaves a SYSTEM backup: listed under SYSTEM and ALL, not USER (the default). */
    @Test
    void listBackups_systemBackupOfDeletedPitrTable() {
        try (DynamoDbClient regional = RewindServer.client(Region.CA_CENTRAL_1)) {
            String table = musicWithItems(regional, b -> { });
            regional.updateContinuousBackups(b -> b.tableName(table)
                    .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
            String userArn = backup(regional, table, "user-made");
            regional.deleteTable(b -> b.tableName(table));

            List<BackupSummary> system = listAll(regional, b -> b.tableName(table)
                    .backupType(BackupTypeFilter.SYSTEM));
            assertThat(system).singleElement().satisfies(s -> {
                assertThat(s.backupType()).isEqualTo(BackupType.SYSTEM);
                assertThat(s.backupExpiryDateTime()).isAfter(Instant.now());
            });
            assertThat(arns(listAll(regional, b -> b.tableName(table)))).containsExactly(userArn);
            assertThat(arns(listAll(regional, b -> b.tableName(table).backupType(BackupTypeFilter.ALL))))
                    .containsExactlyInAnyOrder(userArn, system.get(0).backupArn());
        }
    }

    /** Limit pages through many backups; each LastEvaluatedBackupArn resumes where the page ended, none twice. */
    @Test
    void listBackups_pagesWithLimitAndExclusiveStartBackupArn() {
        try (DynamoDbClient regional = RewindServer.client(Region.SA_EAST_1)) {
            String table = musicWithItems(regional, b -> { });
            Set<String> created = new HashSet<>();
            for (int i = 0; i < 23; i++) {
                String name = "page-" + i;
                created.add(regional.createBackup(b -> b.tableName(table).backupName(name)).backupDetails()
                        .backupArn());
            }
            List<String> seen = new ArrayList<>();
            String start = null;
            int pages = 0;
            do {
                String from = start;
                ListBackupsResponse page = regional.listBackups(b -> b.limit(5).exclusiveStartBackupArn(from));
                assertThat(page.backupSummaries()).hasSizeLessThanOrEqualTo(5);
                seen.addAll(arns(page.backupSummaries()));
                start = page.lastEvaluatedBackupArn();
                pages++;
                assertThat(pages).isLessThan(20);
            } while (start != null);
            assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
            assertThat(pages).isBetween(5, 6); // 5 full pages; AWS may answer one more, empty, page

            assertThat(regional.listBackups(b -> b.limit(23)).backupSummaries()).hasSize(23);
        }
    }

    /** DescribeBackup tells what the table was at backup time: its details, indexes and encryption. */
    @Test
    void describeBackup_returnsSourceTableDetailsAndFeatures() {
        String table = musicWithItems(client, b -> b.sseSpecification(s -> s.enabled(true).sseType(SSEType.KMS)));
        TableDescription source = client.describeTable(b -> b.tableName(table)).table();
        String arn = client.createBackup(b -> b.tableName(table).backupName("described")).backupDetails().backupArn();

        BackupDescription d = awaitAvailable(client, arn);

        assertThat(d.backupDetails().backupArn()).isEqualTo(arn);
        assertThat(d.backupDetails().backupName()).isEqualTo("described");
        assertThat(d.backupDetails().backupType()).isEqualTo(BackupType.USER);
        SourceTableDetails details = d.sourceTableDetails();
        assertThat(details.tableName()).isEqualTo(table);
        assertThat(details.tableId()).isEqualTo(source.tableId());
        assertThat(details.tableArn()).isEqualTo(source.tableArn());
        assertThat(details.keySchema()).isEqualTo(source.keySchema());
        assertThat(details.tableCreationDateTime()).isEqualTo(source.creationDateTime());
        assertThat(details.billingMode()).isEqualTo(BillingMode.PROVISIONED);
        assertThat(details.provisionedThroughput().readCapacityUnits()).isEqualTo(5L);
        assertThat(details.provisionedThroughput().writeCapacityUnits()).isEqualTo(5L);
        // Rewind is exact at the backup's instant; AWS reports its ~6-hourly estimate of the table's size and count
        assertThat(details.itemCount()).isEqualTo((long) musicItems().size());
        assertThat(details.tableSizeBytes()).isPositive();

        SourceTableFeatureDetails features = d.sourceTableFeatureDetails();
        assertThat(features.localSecondaryIndexes()).singleElement().satisfies(lsi -> {
            assertThat(lsi.indexName()).isEqualTo(YEAR_INDEX);
            assertThat(lsi.keySchema()).isEqualTo(source.localSecondaryIndexes().get(0).keySchema());
            assertThat(lsi.projection().projectionType()).isEqualTo(ProjectionType.INCLUDE);
            assertThat(lsi.projection().nonKeyAttributes()).containsExactly("Plays");
        });
        assertThat(features.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexInfo::indexName)
                .containsExactlyInAnyOrder(SINGERS_INDEX, ALBUM_INDEX);
        GlobalSecondaryIndexInfo singers = features.globalSecondaryIndexes().stream()
                .filter(i -> i.indexName().equals(SINGERS_INDEX)).findFirst().orElseThrow();
        assertThat(singers.projection().projectionType()).isEqualTo(ProjectionType.ALL);
        assertThat(singers.provisionedThroughput().readCapacityUnits()).isEqualTo(3L);
        assertThat(singers.provisionedThroughput().writeCapacityUnits()).isEqualTo(4L);
        GlobalSecondaryIndexInfo album = features.globalSecondaryIndexes().stream()
                .filter(i -> i.indexName().equals(ALBUM_INDEX)).findFirst().orElseThrow();
        assertThat(album.projection().projectionType()).isEqualTo(ProjectionType.KEYS_ONLY);
        assertThat(album.keySchema()).extracting(k -> k.attributeName()).containsExactly("AlbumTitle", "Year");
        assertThat(features.sseDescription().status()).isEqualTo(SSEStatus.ENABLED);
        assertThat(features.sseDescription().sseType()).isEqualTo(SSEType.KMS);
        assertThat(features.sseDescription().kmsMasterKeyArn()).startsWith("arn:aws:kms:us-east-1:");

        // still the table as it was once the table is gone
        client.deleteTable(b -> b.tableName(table));
        BackupDescription later = client.describeBackup(b -> b.backupArn(arn)).backupDescription();
        assertThat(later.sourceTableDetails()).isEqualTo(details);
        assertThat(later.sourceTableFeatureDetails().localSecondaryIndexes())
                .extracting(LocalSecondaryIndexInfo::indexName).containsExactly(YEAR_INDEX);
    }

    /** DeleteBackup answers the description with DELETED; afterwards the backup is gone for every call. */
    @Test
    void deleteBackup_marksDeleted_thenBackupNotFound() {
        String table = musicWithItems(client, b -> { });
        String arn = backup(client, table, "doomed");

        BackupDescription deleted = client.deleteBackup(b -> b.backupArn(arn)).backupDescription();

        assertThat(deleted.backupDetails().backupStatus()).isEqualTo(BackupStatus.DELETED);
        assertThat(deleted.backupDetails().backupArn()).isEqualTo(arn);
        assertThat(deleted.sourceTableDetails().tableName()).isEqualTo(table);
        assertThatThrownBy(() -> client.describeBackup(b -> b.backupArn(arn)))
                .isInstanceOf(BackupNotFoundException.class);
        assertThatThrownBy(() -> client.deleteBackup(b -> b.backupArn(arn)))
                .isInstanceOf(BackupNotFoundException.class);
        assertThatThrownBy(() -> client.restoreTableFromBackup(b -> b.backupArn(arn)
                .targetTableName(RewindServer.uniqueTableName("from-deleted"))))
                .isInstanceOf(BackupNotFoundException.class);
        assertThat(arns(listAll(client, b -> b.tableName(table)))).doesNotContain(arn);
    }

    /** CreateBackup of a table that does not exist is TableNotFoundException (not ResourceNotFoundException). */
    @Test
    void createBackup_unknownTable_isTableNotFound() {
        assertThatThrownBy(() -> client.createBackup(b -> b.tableName(RewindServer.uniqueTableName("missing"))
                .backupName("nothing"))).isInstanceOf(TableNotFoundException.class);
    }

    /** A well-formed ARN that names no backup is BackupNotFoundException for describe, delete and restore. */
    @Test
    void unknownBackupArn_isBackupNotFound() {
        String arn = "arn:aws:dynamodb:us-east-1:000000000000:table/missing/backup/01489173575360-b308cd7d";
        assertThatThrownBy(() -> client.describeBackup(b -> b.backupArn(arn)))
                .isInstanceOf(BackupNotFoundException.class);
        assertThatThrownBy(() -> client.deleteBackup(b -> b.backupArn(arn)))
                .isInstanceOf(BackupNotFoundException.class);
        assertThatThrownBy(() -> client.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName("restored")))
                .isInstanceOf(BackupNotFoundException.class);
    }

    /** BackupName follows the table name rules (3 to 255 of [a-zA-Z0-9_.-]); TableName and BackupArn are checked. */
    @Test
    void badNames_areValidationErrors() {
        String table = musicWithItems(client, b -> { });
        for (String bad : List.of("ab", "has space", "x".repeat(256), "slash/no")) {
            assertThatThrownBy(() -> client.createBackup(b -> b.tableName(table).backupName(bad)))
                    .as(bad).isInstanceOfSatisfying(DynamoDbException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        assertThat(e.getMessage()).contains("backupName");
                    });
        }
        assertThatThrownBy(() -> client.createBackup(b -> b.tableName("a!").backupName("fine")))
                .isInstanceOfSatisfying(DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> client.describeBackup(b -> b.backupArn("short")))
                .isInstanceOfSatisfying(DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> client.listBackups(b -> b.limit(0)))
                .isInstanceOfSatisfying(DynamoDbException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
    }

    /** A backup outlives its table: delete the table, restore the backup under the same name, everything is back. */
    @Test
    void backup_outlivesItsTable() {
        String table = musicWithItems(client, b -> { });
        List<Map<String, AttributeValue>> items = scanAll(client, table);
        String arn = backup(client, table, "survivor");
        client.deleteTable(b -> b.tableName(table));
        BackupFixtures.awaitGone(client, table);

        client.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName(table));
        awaitActive(client, table);

        assertThat(scanAll(client, table)).containsExactlyInAnyOrderElementsOf(items);
        assertThat(BackupFixtures.queryIndex(client, table, SINGERS_INDEX, "SingerName",
                BackupFixtures.distinct(items, "SingerName"))).containsExactlyInAnyOrderElementsOf(items);
    }

    /** Backups are durable: a server restarted on the same data directory lists, describes and restores them. */
    @Test
    void backup_survivesServerRestart() {
        String arn;
        List<Map<String, AttributeValue>> items;
        try (Rewind server = Rewind.builder().port(0).dataDir(dataDir).start();
                DynamoDbClient c = RewindServer.clientFor(server.endpoint(), Region.US_EAST_1)) {
            createActive(c, musicTable("Music", BillingMode.PROVISIONED, b -> { }));
            putAll(c, "Music", musicItems());
            items = scanAll(c, "Music");
            arn = backup(c, "Music", "MusicBackup");
            c.deleteTable(b -> b.tableName("Music"));
        }
        try (Rewind server = Rewind.builder().port(0).dataDir(dataDir).start();
                DynamoDbClient c = RewindServer.clientFor(server.endpoint(), Region.US_EAST_1)) {
            assertThat(arns(listAll(c, b -> { }))).containsExactly(arn);
            BackupDescription d = c.describeBackup(b -> b.backupArn(arn)).backupDescription();
            assertThat(d.backupDetails().backupStatus()).isEqualTo(BackupStatus.AVAILABLE);
            assertThat(d.sourceTableDetails().tableName()).isEqualTo("Music");

            c.restoreTableFromBackup(b -> b.backupArn(arn).targetTableName("Music"));
            awaitActive(c, "Music");
            assertThat(scanAll(c, "Music")).containsExactlyInAnyOrderElementsOf(items);
        }
    }

    static List<BackupSummary> listAll(DynamoDbClient c, Consumer<ListBackupsRequest.Builder> filter) {
        List<BackupSummary> out = new ArrayList<>();
        String start = null;
        do {
            ListBackupsRequest.Builder b = ListBackupsRequest.builder();
            filter.accept(b);
            ListBackupsResponse page = c.listBackups(b.exclusiveStartBackupArn(start).build());
            out.addAll(page.backupSummaries());
            start = page.lastEvaluatedBackupArn();
        } while (start != null);
        return out;
    }

    static List<String> arns(List<BackupSummary> summaries) {
        return summaries.stream().map(BackupSummary::backupArn).toList();
    }
}
