package dev.rewind.backup;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.rewind.error.StorageException;
import dev.rewind.storage.StorageEngine;

/** Backups of every account and Region, persisted as JSON in the meta store under {@code backup/<arn>}. */
public final class BackupCatalog {
    private static final String PREFIX = "backup/";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final StorageEngine engine;
    private final Map<String, BackupMetadata> backups = new ConcurrentHashMap<>();

    public BackupCatalog(StorageEngine engine) {
        this.engine = engine;
        List<String> stores = engine.tableStoreNames();
        for (Map.Entry<String, byte[]> e : engine.listMeta(PREFIX)) {
            BackupMetadata b = read(e.getValue());
            if (!stores.contains(b.storeName())) {
                engine.deleteMeta(e.getKey()); // the store never got made: the backup was never acknowledged
                continue;
            }
            backups.put(b.backupArn(), b);
        }
    }

    public BackupMetadata find(String arn) {
        return backups.get(arn);
    }

    public void put(BackupMetadata backup) {
        engine.putMeta(PREFIX + backup.backupArn(), write(backup));
        backups.put(backup.backupArn(), backup);
    }

    public void remove(BackupMetadata backup) {
        backups.remove(backup.backupArn());
        engine.deleteMeta(PREFIX + backup.backupArn());
    }

    /** Backups of one account and Region, oldest first (ties by ARN). */
    public List<BackupMetadata> list(String accountId, String region) {
        List<BackupMetadata> out = new ArrayList<>();
        for (BackupMetadata b : backups.values()) {
            if (b.accountId().equals(accountId) && b.region().equals(region)) {
                out.add(b);
            }
        }
        out.sort(Comparator.comparingLong(BackupMetadata::creationMillis).thenComparing(BackupMetadata::backupArn));
        return out;
    }

    public List<BackupMetadata> all() {
        return new ArrayList<>(backups.values());
    }

    private static byte[] write(BackupMetadata b) {
        try {
            return JSON.writeValueAsBytes(b);
        } catch (IOException e) {
            throw new StorageException("cannot encode backup metadata", e);
        }
    }

    private static BackupMetadata read(byte[] bytes) {
        try {
            return JSON.readValue(bytes, BackupMetadata.class);
        } catch (IOException e) {
            throw new StorageException("cannot decode backup metadata", e);
        }
    }
}
