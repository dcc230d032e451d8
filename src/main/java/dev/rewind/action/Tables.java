package dev.rewind.action;

import dev.rewind.error.DynamoException;
import dev.rewind.table.Table;
import dev.rewind.table.TableCatalog;

/** Finds the table a request names, by name or by ARN ({@code arn:aws:dynamodb:<region>:<account>:table/<name>}). */
final class Tables {
    private Tables() {
    }

    static Table find(TableCatalog catalog, RequestContext context, String nameOrArn) {
        if (nameOrArn.startsWith("arn:")) {
            String[] parts = nameOrArn.split(":", 6);
            if (parts.length == 6 && parts[5].startsWith("table/")) {
                String rest = parts[5].substring("table/".length());
                int slash = rest.indexOf('/');
                return catalog.find(parts[4], parts[3], slash < 0 ? rest : rest.substring(0, slash));
            }
            throw DynamoException.validation("Invalid TableArn: " + nameOrArn);
        }
        return catalog.find(context.accountId(), context.region(), nameOrArn);
    }

    /** The table for a data-plane call, or ResourceNotFoundException. */
    static Table get(TableCatalog catalog, RequestContext context, String nameOrArn) {
        Table t = find(catalog, context, nameOrArn);
        if (t == null || !t.isAvailable()) {
            throw DynamoException.resourceNotFound("Requested resource not found");
        }
        return t;
    }
}
