package dev.rewind.model;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

import dev.rewind.error.DynamoException;

/**
 * DynamoDB's number semantics: up to 38 significant digits, magnitude between 1E-130 and 9.99…E+125 (or zero),
 * compared numerically, returned in canonical form (no exponent, no leading or trailing zeros: "1.50" reads back
 * as "1.5", "1E+2" as "100").
 */
public final class DynamoNumber {
    public static final int MAX_PRECISION = 38;
    /** Largest allowed adjusted exponent: 9.9999999999999999999999999999999999999E+125. */
    public static final int MAX_EXPONENT = 125;
    /** Smallest allowed adjusted exponent: 1E-130. */
    public static final int MIN_EXPONENT = -130;
    private static final MathContext ARITHMETIC = new MathContext(MAX_PRECISION + 1, RoundingMode.HALF_EVEN);

    private DynamoNumber() {
    }

    /** Parses and validates a number string as DynamoDB does, returning the normalized value. */
    public static BigDecimal parse(String text) {
        BigDecimal value;
        try {
            // DynamoDB rejects surrounding whitespace (" 1", "1 ") that BigDecimal parsing would accept
            String t = text;
            if (!t.isEmpty() && (Character.isWhitespace(t.charAt(0))
                    || Character.isWhitespace(t.charAt(t.length() - 1)))) {
                throw new NumberFormatException();
            }
            if (t.isEmpty() || t.endsWith("d") || t.endsWith("D") || t.endsWith("f") || t.endsWith("F")
                    || t.contains("_") || t.equalsIgnoreCase("nan") || t.toLowerCase().contains("infinity")) {
                throw new NumberFormatException();
            }
            value = new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw DynamoException.validation("The parameter cannot be converted to a numeric value: " + text);
        }
        return check(value);
    }

    /** Validates range and precision, returning the value with trailing zeros stripped. */
    public static BigDecimal check(BigDecimal value) {
        if (value.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.precision() > MAX_PRECISION) {
            throw DynamoException.validation("Attempting to store more than 38 significant digits in a Number");
        }
        int adjustedExponent = stripped.precision() - stripped.scale() - 1;
        if (adjustedExponent > MAX_EXPONENT) {
            throw DynamoException.validation(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (adjustedExponent < MIN_EXPONENT) {
            throw DynamoException.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return stripped;
    }

    /** Canonical text: plain notation without trailing zeros. */
    public static String canonical(BigDecimal normalized) {
        if (normalized.signum() == 0) {
            return "0";
        }
        return normalized.toPlainString();
    }

    public static BigDecimal add(BigDecimal a, BigDecimal b) {
        return checkArithmetic(a.add(b, ARITHMETIC));
    }

    public static BigDecimal subtract(BigDecimal a, BigDecimal b) {
        return checkArithmetic(a.subtract(b, ARITHMETIC));
    }

    private static BigDecimal checkArithmetic(BigDecimal result) {
        if (result.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal stripped = result.stripTrailingZeros();
        if (stripped.precision() > MAX_PRECISION) {
            throw DynamoException.validation("Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        return check(stripped);
    }
}
