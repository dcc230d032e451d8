package dev.rewind.model;

/** DynamoDB's data type descriptors, as they appear in JSON and in attribute_type(). */
public enum AttributeType {
    S, N, B, SS, NS, BS, M, L, NULL, BOOL;

    /** Parses a descriptor, or returns null when it is not one. */
    public static AttributeType fromDescriptor(String s) {
        return switch (s) {
            case "S" -> S;
            case "N" -> N;
            case "B" -> B;
            case "SS" -> SS;
            case "NS" -> NS;
            case "BS" -> BS;
            case "M" -> M;
            case "L" -> L;
            case "NULL" -> NULL;
            case "BOOL" -> BOOL;
            default -> null;
        };
    }

    /** Whether this type may be a key attribute (S, N or B). */
    public boolean isScalarKeyType() {
        return this == S || this == N || this == B;
    }
}
