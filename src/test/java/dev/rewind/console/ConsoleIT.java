package dev.rewind.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.rewind.Rewind;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The web console (issue #5) driven in Debian's headless Chromium, doing what a user does on the AWS console's
 * Tables and Backups pages (docs: "Restoring a DynamoDB table to a point in time" and "Restoring a DynamoDB table
 * from a backup", console steps). The server is a real Rewind in this JVM; the SDK only seeds data and checks.
 * Screenshots of every page go to target/console-screenshots.
 *
 * <p>Map: {@link #startChromium} (the browser, never downloaded: /usr/bin/chromium and /usr/bin/chromedriver);
 * the tests, one per user journey (PITR restore from the timeline, backup restore without indexes, cross-Region
 * restore, the Items tab, an API error); then helpers that wait for what the user would see ({@link #waitFor},
 * {@link #waitForText}) and act as the user would ({@link #click}, {@link #type}). Elements are found by the
 * {@code data-*} attributes and form field names the console renders.
 */
class ConsoleIT {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final DateTimeFormatter CONSOLE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'").withZone(ZoneOffset.UTC);

    @TempDir
    static Path tempDir;

    private static Rewind rewind;
    private static DynamoDbClient client;
    private static WebDriver driver;
    private static WebDriverWait wait;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) || System.getenv("CI") != null,
                "Chromium is not installed (apt-get install chromium chromium-driver); .ci/run installs it");
        rewind = Rewind.builder().port(0).dataDir(tempDir.resolve("data")).start();
        client = DynamoDbClient.builder().endpointOverride(rewind.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build();
        driver = startChromium(tempDir.resolve("chromium-profile"));
        wait = new WebDriverWait(driver, WAIT);
        Files.createDirectories(SCREENSHOTS);
    }

    /** Debian's Chromium and chromedriver, named explicitly so Selenium Manager never looks for (or downloads) one. */
    private static WebDriver startChromium(Path profile) throws IOException {
        Files.createDirectories(profile);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1400,1100", "--lang=en-US");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .withLogFile(new File(tempDir.toFile(), "chromedriver.log"))
                .build();
        ChromeDriver chrome = new ChromeDriver(service, options);
        chrome.manage().window().setSize(new Dimension(1400, 1100));
        return chrome;
    }

    /** The console remembers its Region in localStorage; every test starts in us-east-1. */
    @BeforeEach
    void startInUsEast1() {
        open("/tables");
        ((JavascriptExecutor) driver).executeScript("localStorage.setItem('rewind.region', 'us-east-1')");
        driver.navigate().refresh();
        waitFor(By.cssSelector("[data-testid=tables]"));
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (client != null) {
            client.close();
        }
        if (rewind != null) {
            rewind.close();
        }
    }

    /**
     * The PITR tutorial's console steps, with the timeline: turn PITR on from the console, write and delete items, pick
     * the deletion in the timeline (the form gets the millisecond before it), restore, watch Restoring then Active in
     * the Tables list, and find the deleted items in the restored table.
     */
    @Test
    void restoreToPointInTime_chosenFromTimeline_bringsBackDeletedItems() {
        createTable("Songs", false);
        open("/tables/Songs/backups");
        waitForText(By.cssSelector("[data-testid=pitr-status]"), "Off");
        click(By.cssSelector("[data-action=edit-pitr]"));
        click(By.name("pitr-enabled"));
        type(By.name("recovery-period"), "7");
        screenshot("pitr-edit");
        click(By.cssSelector("[data-action=save-pitr]"));
        waitForText(By.cssSelector("[data-testid=pitr-status]"), "On");
        waitForText(By.cssSelector("[data-testid=pitr-period]"), "7 days");

        // one item from the console's item editor in plain JSON, more through the SDK
        open("/tables/Songs/items");
        click(By.cssSelector("[data-action=create-item]"));
        click(By.cssSelector("input[name=item-format][value=json]"));
        type(By.name("item-text"), "{\"Artist\": \"Alpha\", \"SongTitle\": \"One\", \"Year\": 2001, \"Tags\": [\"a\", \"b\"]}");
        screenshot("item-editor");
        click(By.cssSelector("[data-action=save-item]"));
        waitFor(By.cssSelector("tr[data-key='Artist=Alpha, SongTitle=One']"));
        for (String artist : List.of("Beta", "Gamma", "Delta")) {
            client.putItem(b -> b.tableName("Songs").item(Map.of("Artist", s(artist), "SongTitle", s("Two"),
                    "Year", AttributeValue.fromN("2002"))));
        }
        assertThat(client.getItem(b -> b.tableName("Songs").key(Map.of("Artist", s("Alpha"), "SongTitle", s("One"))))
                .item()).containsEntry("Year", AttributeValue.fromN("2001"));

        // the damage: two items deleted from the console
        click(By.cssSelector("[data-action=run]"));
        waitFor(By.cssSelector("tr[data-key='Artist=Gamma, SongTitle=Two']"));
        click(By.cssSelector("tr[data-key='Artist=Beta, SongTitle=Two'] input[type=checkbox]"));
        click(By.cssSelector("tr[data-key='Artist=Gamma, SongTitle=Two'] input[type=checkbox]"));
        screenshot("items");
        click(By.cssSelector("[data-action=delete-items]"));
        click(By.cssSelector("[data-action=confirm]"));
        wait.until(d -> d.findElements(By.cssSelector("tr[data-key='Artist=Gamma, SongTitle=Two']")).isEmpty()
                && !d.findElements(By.cssSelector("tr[data-key='Artist=Delta, SongTitle=Two']")).isEmpty());

        // the timeline: the oldest removal is the instant to go back before
        open("/tables/Songs/backups");
        waitFor(By.cssSelector("[data-testid=changes] tr[data-event=REMOVE]"));
        List<WebElement> removals = driver.findElements(By.cssSelector("[data-testid=changes] tr[data-event=REMOVE]"));
        assertThat(removals).hasSize(2);
        assertThat(driver.findElements(By.cssSelector("[data-testid=timeline] .seg.REMOVE"))).isNotEmpty();
        WebElement firstRemoval = removals.get(removals.size() - 1); // newest first
        long removedAt = Long.parseLong(firstRemoval.getDomAttribute("data-millis"));
        click(firstRemoval);
        WebElement time = waitFor(By.name("restore-time"));
        assertThat(time.getDomProperty("value")).isEqualTo(CONSOLE_TIME.format(Instant.ofEpochMilli(removedAt - 1)));
        type(By.name("target-table-name"), "SongsBeforeDeletion");
        ((JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        driver.findElements(By.cssSelector("#flashes .close")).forEach(WebElement::click); // a tidy screenshot
        fullPageScreenshot("table-backups-tab");

        CountDownLatch gate = new CountDownLatch(1);
        rewind.backups().setRestoreGate(gate);
        try {
            click(By.cssSelector("[data-testid=pitr-restore] [data-action=restore-table]"));
            waitForText(statusInTablesList("SongsBeforeDeletion"), "Restoring");
            screenshot("tables-restoring");
        } finally {
            gate.countDown();
            rewind.backups().setRestoreGate(null);
        }
        waitForText(statusInTablesList("SongsBeforeDeletion"), "Active");
        screenshot("tables");

        open("/tables/SongsBeforeDeletion/items");
        waitFor(By.cssSelector("tr[data-key='Artist=Beta, SongTitle=Two']"));
        waitFor(By.cssSelector("tr[data-key='Artist=Gamma, SongTitle=Two']"));
        waitFor(By.cssSelector("tr[data-key='Artist=Alpha, SongTitle=One']"));
        assertThat(driver.findElements(By.cssSelector("[data-testid=items] tbody tr"))).hasSize(4);
        assertThat(driver.findElement(By.cssSelector("tr[data-key='Artist=Alpha, SongTitle=One'] [data-attribute=Year]"))
                .getText()).isEqualTo("2001");
        screenshot("restored-items");
        open("/tables/SongsBeforeDeletion/overview");
        waitForText(By.cssSelector("[data-testid=overview-status]"), "Active");
        screenshot("table-overview");
    }

    /**
     * The backup tutorial's console steps with an override: create a backup on the Backups page, restore it without
     * secondary indexes, and check the new table's Indexes and Items tabs.
     */
    @Test
    void restoreFromBackup_withoutSecondaryIndexes_hasItemsAndNoIndexes() {
        createTable("Albums", true);
        for (int i = 1; i <= 3; i++) {
            String n = Integer.toString(i);
            client.putItem(b -> b.tableName("Albums").item(Map.of("Artist", s("Artist" + n), "SongTitle", s("Album" + n),
                    "Genre", s("Jazz"))));
        }
        open("/tables/Albums/indexes");
        waitFor(By.cssSelector("tr[data-index=GenreIndex]"));

        open("/backups");
        click(By.cssSelector("[data-action=create-backup]"));
        waitFor(By.cssSelector("select[name=backup-table] option[value=Albums]"));
        new Select(driver.findElement(By.name("backup-table"))).selectByValue("Albums");
        type(By.name("backup-name"), "AlbumsBackup");
        click(By.cssSelector("[data-action=submit-create-backup]"));
        waitForText(By.cssSelector("tr[data-backup=AlbumsBackup] [data-testid=backup-status]"), "Available");
        click(By.cssSelector("tr[data-backup=AlbumsBackup] input[type=checkbox]"));
        screenshot("backups");

        click(By.cssSelector("[data-action=restore-backup]"));
        type(By.name("target-table-name"), "AlbumsNoIndexes");
        click(By.cssSelector("input[name=indexes][value=none]"));
        screenshot("backup-restore");
        click(By.cssSelector("[data-testid=backup-restore] [data-action=restore-table]"));
        waitForText(statusInTablesList("AlbumsNoIndexes"), "Active");

        open("/tables/AlbumsNoIndexes/indexes");
        waitForText(By.cssSelector("[data-testid=no-gsi]"), "No global secondary indexes");
        assertThat(driver.findElements(By.cssSelector("tr[data-index]"))).isEmpty();
        screenshot("indexes");
        assertThat(client.describeTable(b -> b.tableName("AlbumsNoIndexes")).table().globalSecondaryIndexes())
                .isEmpty();
        open("/tables/AlbumsNoIndexes/items");
        for (int i = 1; i <= 3; i++) {
            waitFor(By.cssSelector("tr[data-key='Artist=Artist" + i + ", SongTitle=Album" + i + "']"));
        }
        assertThat(driver.findElements(By.cssSelector("[data-testid=items] tbody tr"))).hasSize(3);
    }

    /**
     * A backup restored into another Region with an AWS managed key (the tutorial's cross-Region restore): the
     * console asks the destination Region and then shows it.
     */
    @Test
    void restoreFromBackup_toAnotherRegion_showsTheTableThere() {
        createTable("Travels", false);
        client.putItem(b -> b.tableName("Travels").item(Map.of("Artist", s("Nomad"), "SongTitle", s("Road"))));
        String arn = client.createBackup(b -> b.tableName("Travels").backupName("TravelsBackup")).backupDetails()
                .backupArn();
        open("/backups");
        waitForText(By.cssSelector("tr[data-backup=TravelsBackup] [data-testid=backup-status]"), "Available");
        click(By.cssSelector("tr[data-backup=TravelsBackup] input[type=checkbox]"));
        click(By.cssSelector("[data-action=restore-backup]"));
        type(By.name("target-table-name"), "TravelsInEurope");
        click(By.cssSelector("input[name=encryption][value=managed]"));
        new Select(waitFor(By.name("target-region"))).selectByValue("eu-west-1");
        click(By.cssSelector("[data-testid=backup-restore] [data-action=restore-table]"));
        waitForText(statusInTablesList("TravelsInEurope"), "Active");
        assertThat(new Select(driver.findElement(By.id("region"))).getFirstSelectedOption().getDomProperty("value"))
                .isEqualTo("eu-west-1");
        try (DynamoDbClient europe = DynamoDbClient.builder().endpointOverride(rewind.endpoint())
                .region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .build()) {
            var table = europe.describeTable(b -> b.tableName("TravelsInEurope")).table();
            assertThat(table.restoreSummary().sourceBackupArn()).isEqualTo(arn);
            assertThat(table.sseDescription().sseTypeAsString()).isEqualTo("KMS");
        }
        assertThat(client.listTables().tableNames()).doesNotContain("TravelsInEurope");
    }

    /** The Items tab: scan pages of 25, a query with a sort key condition, and an item edited as DynamoDB JSON. */
    @Test
    void items_pageQueryAndEditAsDynamoDbJson() {
        createTable("Playlist", false);
        for (int i = 0; i < 30; i++) {
            String title = String.format("Track%02d", i);
            String artist = i < 20 ? "Solo" : "Duo";
            client.putItem(b -> b.tableName("Playlist").item(Map.of("Artist", s(artist),
                    "SongTitle", s(title), "Plays", AttributeValue.fromN("12345678901234567890.5"))));
        }
        open("/tables/Playlist/items");
        wait.until(d -> d.findElements(By.cssSelector("[data-testid=items] tbody tr")).size() == 25);
        click(By.cssSelector("[data-action=next-page]"));
        wait.until(d -> d.findElements(By.cssSelector("[data-testid=items] tbody tr")).size() == 5);
        click(By.cssSelector("[data-action=previous-page]"));
        wait.until(d -> d.findElements(By.cssSelector("[data-testid=items] tbody tr")).size() == 25);

        click(By.cssSelector("[data-mode=query]"));
        type(By.name("partition-value"), "Solo");
        new Select(driver.findElement(By.name("sort-operator"))).selectByValue("begins_with");
        type(By.name("sort-value"), "Track1");
        click(By.cssSelector("[data-action=run]"));
        wait.until(d -> d.findElements(By.cssSelector("[data-testid=items] tbody tr")).size() == 10);
        assertThat(driver.findElements(By.cssSelector("tr[data-key^='Artist=Solo, SongTitle=Track1']"))).hasSize(10);

        click(By.cssSelector("tr[data-key='Artist=Solo, SongTitle=Track12'] input[type=checkbox]"));
        click(By.cssSelector("[data-action=edit-item]"));
        click(By.cssSelector("input[name=item-format][value=dynamodb]"));
        WebElement text = waitFor(By.name("item-text"));
        assertThat(text.getDomProperty("value")).contains("\"N\": \"12345678901234567890.5\"");
        click(By.cssSelector("input[name=item-format][value=json]"));
        assertThat(text.getDomProperty("value")).contains("\"Plays\": 12345678901234567890.5"); // every digit kept
        click(By.cssSelector("input[name=item-format][value=dynamodb]"));
        type(By.name("item-text"), "{\"Artist\": {\"S\": \"Solo\"}, \"SongTitle\": {\"S\": \"Track12\"}, "
                + "\"Plays\": {\"N\": \"7\"}, \"Liked\": {\"BOOL\": true}, \"Moods\": {\"SS\": [\"calm\", \"warm\"]}}");
        click(By.cssSelector("[data-action=save-item]"));
        waitForText(By.cssSelector("tr[data-key='Artist=Solo, SongTitle=Track12'] [data-attribute=Plays]"), "7");
        Map<String, AttributeValue> saved = client.getItem(b -> b.tableName("Playlist")
                .key(Map.of("Artist", s("Solo"), "SongTitle", s("Track12")))).item();
        assertThat(saved).containsEntry("Plays", AttributeValue.fromN("7"))
                .containsEntry("Liked", AttributeValue.fromBool(true))
                .containsEntry("Moods", AttributeValue.fromSs(List.of("calm", "warm")));
    }

    /** API errors reach the user in words: CreateTable of a name in use answers ResourceInUseException. */
    @Test
    void createTable_nameInUse_showsTheApiError() {
        createTable("Taken", false);
        open("/create-table");
        type(By.name("table-name"), "Taken");
        type(By.name("partition-key-name"), "id");
        click(By.cssSelector("[data-action=submit-create-table]"));
        WebElement alert = waitFor(By.cssSelector("[data-testid=create-table-form] [data-testid=alert-error]"));
        assertThat(alert.getText()).contains("Could not create table Taken").contains("ResourceInUseException");
        screenshot("error");
    }

    // ---- helpers ----

    private static void createTable(String name, boolean withIndex) {
        client.createTable(b -> {
            b.tableName(name).billingMode("PAY_PER_REQUEST")
                    .keySchema(k -> k.attributeName("Artist").keyType(KeyType.HASH),
                            k -> k.attributeName("SongTitle").keyType(KeyType.RANGE));
            if (withIndex) {
                b.attributeDefinitions(a -> a.attributeName("Artist").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("SongTitle").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("Genre").attributeType(ScalarAttributeType.S))
                        .globalSecondaryIndexes(g -> g.indexName("GenreIndex")
                                .keySchema(k -> k.attributeName("Genre").keyType(KeyType.HASH))
                                .projection(p -> p.projectionType(ProjectionType.ALL)));
            } else {
                b.attributeDefinitions(a -> a.attributeName("Artist").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("SongTitle").attributeType(ScalarAttributeType.S));
            }
        });
        client.waiter().waitUntilTableExists(b -> b.tableName(name));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static void open(String route) {
        URI endpoint = rewind.endpoint();
        driver.get(endpoint + "/console#" + route);
        // a new route renders into #page; wait until the router has run for this hash
        wait.until(d -> ((JavascriptExecutor) d).executeScript("return document.readyState").equals("complete"));
    }

    private static By statusInTablesList(String table) {
        if (!driver.getCurrentUrl().endsWith("#/tables")) {
            waitFor(By.cssSelector("[data-testid=tables]"));
        }
        return By.cssSelector("tr[data-table='" + table + "'] [data-testid=table-status]");
    }

    private static WebElement waitFor(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    private static void waitForText(By by, String text) {
        wait.until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    private static void click(By by) {
        click(wait.until(ExpectedConditions.elementToBeClickable(by)));
    }

    /** Clicks in the middle of the window, where the sticky header cannot cover the element. */
    private static void click(WebElement element) {
        ((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
        element.click();
    }

    private static void type(By by, String text) {
        WebElement element = wait.until(ExpectedConditions.elementToBeClickable(by));
        element.clear();
        element.sendKeys(text);
    }

    /** The whole page, not just the window: the window grows to the page's height for the shot. */
    private static void fullPageScreenshot(String name) {
        Dimension size = driver.manage().window().getSize();
        long height = (Long) ((JavascriptExecutor) driver).executeScript(
                "return Math.max(document.body.scrollHeight, document.documentElement.scrollHeight)");
        driver.manage().window().setSize(new Dimension(size.width, (int) Math.min(6000, height + 140)));
        try {
            screenshot(name);
        } finally {
            driver.manage().window().setSize(size);
        }
    }

    private static void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(name + ".png"),
                    ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
