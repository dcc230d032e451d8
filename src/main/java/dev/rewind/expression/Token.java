package dev.rewind.expression;

/** One token of an expression: its kind, its text and where it sits in the expression (character offsets). */
record Token(Kind kind, String text, int start, int end) {

    enum Kind {
        /** A bare name: a letter, then letters, digits or underscores. */
        IDENTIFIER,
        /** A #placeholder for an attribute name. */
        NAME_PLACEHOLDER,
        /** A :placeholder for a value. */
        VALUE_PLACEHOLDER,
        /** A list index: "0" or a digit 1-9 followed by digits. */
        INTEGER,
        AND, OR, NOT, BETWEEN, IN, SET, REMOVE, ADD, DELETE,
        EQ, NE, LT, LE, GT, GE,
        LEFT_PAREN, RIGHT_PAREN, LEFT_BRACKET, RIGHT_BRACKET, COMMA, DOT, PLUS, MINUS,
        /** A character DynamoDB's lexer does not accept, or a lone '#' or ':'. */
        BAD,
        END
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isComparator() {
        return switch (kind) {
            case EQ, NE, LT, LE, GT, GE -> true;
            default -> false;
        };
    }
}
