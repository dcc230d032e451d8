package dev.rewind.expression;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.rewind.expression.Token.Kind;

/**
 * Splits an expression into tokens the way DynamoDB's lexer does. Names start with an ASCII letter ("_a" and "1a" are
 * not names: DynamoDB reports a syntax error on the "_" or "1"); placeholders are '#' or ':' followed by letters,
 * digits or underscores; the keywords AND, OR, NOT, BETWEEN, IN, SET, REMOVE, ADD and DELETE are case-insensitive.
 */
final class Tokenizer {
    private Tokenizer() {
    }

    static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                i++;
                continue;
            }
            int start = i;
            Kind kind;
            if (isLetter(c)) {
                while (i < n && isWordChar(text.charAt(i))) {
                    i++;
                }
                kind = keyword(text.substring(start, i));
            } else if (c == '#' || c == ':') {
                i++;
                while (i < n && isWordChar(text.charAt(i))) {
                    i++;
                }
                kind = i == start + 1 ? Kind.BAD : c == '#' ? Kind.NAME_PLACEHOLDER : Kind.VALUE_PLACEHOLDER;
            } else if (c >= '0' && c <= '9') {
                i++;
                if (c != '0') {
                    while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
                        i++;
                    }
                }
                kind = Kind.INTEGER;
            } else if (c == '<' && i + 1 < n && text.charAt(i + 1) == '>') {
                i += 2;
                kind = Kind.NE;
            } else if (c == '<' && i + 1 < n && text.charAt(i + 1) == '=') {
                i += 2;
                kind = Kind.LE;
            } else if (c == '>' && i + 1 < n && text.charAt(i + 1) == '=') {
                i += 2;
                kind = Kind.GE;
            } else {
                i += Character.charCount(text.codePointAt(i));
                kind = switch (c) {
                    case '=' -> Kind.EQ;
                    case '<' -> Kind.LT;
                    case '>' -> Kind.GT;
                    case '(' -> Kind.LEFT_PAREN;
                    case ')' -> Kind.RIGHT_PAREN;
                    case '[' -> Kind.LEFT_BRACKET;
                    case ']' -> Kind.RIGHT_BRACKET;
                    case ',' -> Kind.COMMA;
                    case '.' -> Kind.DOT;
                    case '+' -> Kind.PLUS;
                    case '-' -> Kind.MINUS;
                    default -> Kind.BAD;
                };
            }
            tokens.add(new Token(kind, text.substring(start, i), start, i));
        }
        tokens.add(new Token(Kind.END, "<EOF>", n, n));
        return tokens;
    }

    private static Kind keyword(String word) {
        return switch (word.toUpperCase(Locale.ROOT)) {
            case "AND" -> Kind.AND;
            case "OR" -> Kind.OR;
            case "NOT" -> Kind.NOT;
            case "BETWEEN" -> Kind.BETWEEN;
            case "IN" -> Kind.IN;
            case "SET" -> Kind.SET;
            case "REMOVE" -> Kind.REMOVE;
            case "ADD" -> Kind.ADD;
            case "DELETE" -> Kind.DELETE;
            default -> Kind.IDENTIFIER;
        };
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isWordChar(char c) {
        return isLetter(c) || (c >= '0' && c <= '9') || c == '_';
    }

    /**
     * DynamoDB's syntax error: the token where reading stopped, and the text from the start of the token before it
     * to the end of the token after it (e.g. {@code SET a = 3} gives token "3", near "= 3").
     */
    static String syntaxError(String text, List<Token> tokens, int at) {
        Token token = tokens.get(at);
        int from = at > 0 ? tokens.get(at - 1).start() : 0;
        int to = at + 1 < tokens.size() ? tokens.get(at + 1).end() : token.end();
        return "Syntax error; token: \"" + token.text() + "\", near: \"" + text.substring(from, to) + "\"";
    }
}
