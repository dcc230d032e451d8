package dev.rewind.partiql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Splits a PartiQL statement into tokens. Keywords are case-insensitive; bare identifiers keep their case (attribute
 * names are case-sensitive); {@code "x"} is a quoted identifier and {@code 'x'} a string, each doubling its quote to
 * escape it. {@code --} starts a line comment and {@code /* ... *}{@code /} a block comment. Whatever the lexer
 * cannot read (an unterminated string or comment, a {@code #}) is reported as DynamoDB does: "Statement wasn't well
 * formed, can't be processed: " with nothing after the colon.
 */
final class PartiqlLexer {
    enum Kind { IDENTIFIER, QUOTED_IDENTIFIER, STRING, NUMBER, PARAMETER, KEYWORD, PUNCTUATION, END }

    /** One token; text is upper-case for keywords, the unquoted content for strings and quoted identifiers. */
    record Token(Kind kind, String text, BigDecimal number, int offset) {
        boolean is(Kind k, String t) {
            return kind == k && text.equals(t);
        }

        boolean isKeyword(String t) {
            return is(Kind.KEYWORD, t);
        }

        boolean isPunctuation(String t) {
            return is(Kind.PUNCTUATION, t);
        }

        boolean isName() {
            return kind == Kind.IDENTIFIER || kind == Kind.QUOTED_IDENTIFIER;
        }
    }

    /** PartiQL's reserved words that DynamoDB statements use; they must be double-quoted to name an attribute. */
    static final Set<String> KEYWORDS = Set.of("SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "IS", "BETWEEN",
            "INSERT", "INTO", "VALUE", "VALUES", "UPDATE", "SET", "REMOVE", "DELETE", "RETURNING", "TRUE", "FALSE",
            "NULL", "MISSING", "ORDER", "BY", "ASC", "DESC", "AS", "EXISTS", "LIKE", "LIMIT", "GROUP", "HAVING",
            "DISTINCT", "AT", "ON", "JOIN");

    private static final List<String> PUNCTUATION = List.of("<<", ">>", "<=", ">=", "<>", "!=", "||", "(", ")", "[",
            "]", "{", "}", ",", ".", ":", ";", "*", "=", "<", ">", "+", "-", "/", "%");

    private PartiqlLexer() {
    }

    static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
                int end = text.indexOf("*/", i + 2);
                if (end < 0) {
                    throw PartiqlParser.malformed("");
                }
                i = end + 2;
            } else if (c == '\'' || c == '"') {
                StringBuilder content = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= n) {
                        throw PartiqlParser.malformed("");
                    }
                    char d = text.charAt(j);
                    if (d == c) {
                        if (j + 1 < n && text.charAt(j + 1) == c) {
                            content.append(c);
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    content.append(d);
                    j++;
                }
                tokens.add(new Token(c == '\'' ? Kind.STRING : Kind.QUOTED_IDENTIFIER, content.toString(), null, i));
                i = j + 1;
            } else if (isDigit(c) || (c == '.' && i + 1 < n && isDigit(text.charAt(i + 1)))) {
                int start = i;
                while (i < n && isDigit(text.charAt(i))) {
                    i++;
                }
                if (i < n && text.charAt(i) == '.') {
                    i++;
                    while (i < n && isDigit(text.charAt(i))) {
                        i++;
                    }
                }
                if (i < n && (text.charAt(i) == 'e' || text.charAt(i) == 'E')) {
                    int mark = i;
                    i++;
                    if (i < n && (text.charAt(i) == '+' || text.charAt(i) == '-')) {
                        i++;
                    }
                    if (i >= n || !isDigit(text.charAt(i))) {
                        i = mark; // "1e" then something else: the number ends before the 'e'
                    } else {
                        while (i < n && isDigit(text.charAt(i))) {
                            i++;
                        }
                    }
                }
                String literal = text.substring(start, i);
                BigDecimal value;
                try {
                    value = new BigDecimal(literal);
                } catch (NumberFormatException | ArithmeticException e) {
                    // DynamoDB: an exponent or scale beyond 32 bits leaves nothing after the colon
                    throw PartiqlParser.malformed("");
                }
                tokens.add(new Token(Kind.NUMBER, literal, value, start));
            } else if (isIdentifierStart(c)) {
                int start = i;
                while (i < n && isIdentifierPart(text.charAt(i))) {
                    i++;
                }
                String word = text.substring(start, i);
                String upper = word.toUpperCase(Locale.ROOT);
                if (KEYWORDS.contains(upper)) {
                    tokens.add(new Token(Kind.KEYWORD, upper, null, start));
                } else {
                    tokens.add(new Token(Kind.IDENTIFIER, word, null, start));
                }
            } else if (c == '?') {
                tokens.add(new Token(Kind.PARAMETER, "?", null, i));
                i++;
            } else {
                String punctuation = null;
                for (String p : PUNCTUATION) {
                    if (text.startsWith(p, i)) {
                        punctuation = p;
                        break;
                    }
                }
                if (punctuation == null) {
                    throw PartiqlParser.malformed("");
                }
                tokens.add(new Token(Kind.PUNCTUATION, punctuation.equals("!=") ? "<>" : punctuation, null, i));
                i += punctuation.length();
            }
        }
        tokens.add(new Token(Kind.END, "", null, n));
        return tokens;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || isDigit(c);
    }
}
