package dev.rewind.protocol;

import java.util.ArrayList;
import java.util.List;

import dev.rewind.error.DynamoException;

/**
 * Collects constraint violations the way DynamoDB's request validator reports them:
 * "1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null",
 * several joined by "; ".
 */
public final class Validation {
    public static final String TABLE_NAME_PATTERN = "[a-zA-Z0-9_.-]+";

    /** Whether a name matches {@link #TABLE_NAME_PATTERN} (checked on every request: no regex). */
    public static boolean isTableNameCharacters(String value) {
        if (value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                    || c == '-')) {
                return false;
            }
        }
        return true;
    }

    private final List<String> errors = new ArrayList<>();

    public Validation notNull(Object value, String member) {
        if (value == null) {
            errors.add("Value null at '" + member + "' failed to satisfy constraint: Member must not be null");
        }
        return this;
    }

    public Validation tableName(String value, String member) {
        if (value == null) {
            return notNull(null, member);
        }
        if (value.length() < 3) {
            errors.add("Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must have length greater than or equal to 3");
        }
        if (value.length() > 255) {
            errors.add("Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must have length less than or equal to 255");
        }
        if (!isTableNameCharacters(value)) {
            errors.add("Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + TABLE_NAME_PATTERN);
        }
        return this;
    }

    /** A table name or ARN (operations that accept either allow 1..1024 characters). */
    public Validation tableNameOrArn(String value, String member) {
        if (value != null && value.startsWith("arn:")) {
            if (value.length() > 1024) {
                errors.add("Value '" + value + "' at '" + member
                        + "' failed to satisfy constraint: Member must have length less than or equal to 1024");
            }
            return this;
        }
        return tableName(value, member);
    }

    public Validation enumValue(String value, String member, List<String> allowed) {
        if (value != null && !allowed.contains(value)) {
            errors.add("Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must satisfy enum value set: " + allowed);
        }
        return this;
    }

    public Validation range(Long value, String member, long min, long max) {
        if (value != null && value < min) {
            errors.add("Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value greater than or equal to " + min);
        }
        if (value != null && value > max) {
            errors.add("Value '" + value + "' at '" + member
                    + "' failed to satisfy constraint: Member must have value less than or equal to " + max);
        }
        return this;
    }

    public Validation add(String error) {
        errors.add(error);
        return this;
    }

    public void check() {
        if (errors.isEmpty()) {
            return;
        }
        String prefix = errors.size() == 1 ? "1 validation error detected: "
                : errors.size() + " validation errors detected: ";
        throw DynamoException.validation(prefix + String.join("; ", errors));
    }
}
