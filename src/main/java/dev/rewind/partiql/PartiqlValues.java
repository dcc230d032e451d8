package dev.rewind.partiql;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.rewind.error.DynamoException;
import dev.rewind.model.AttributeValue;
import dev.rewind.model.Bytes;
import dev.rewind.model.DynamoNumber;
import dev.rewind.partiql.PartiqlAst.BagLiteral;
import dev.rewind.partiql.PartiqlAst.Entry;
import dev.rewind.partiql.PartiqlAst.Expr;
import dev.rewind.partiql.PartiqlAst.ListLiteral;
import dev.rewind.partiql.PartiqlAst.Literal;
import dev.rewind.partiql.PartiqlAst.MapLiteral;
import dev.rewind.partiql.PartiqlAst.Missing;
import dev.rewind.partiql.PartiqlAst.NumberLiteral;
import dev.rewind.partiql.PartiqlAst.Parameter;

/**
 * PartiQL values to attribute values, as DynamoDB maps them: {@code 'x'} S, numbers N, {@code true/false} BOOL,
 * {@code null} NULL, {@code [...]} L, {@code {'k': v}} M, {@code <<...>>} SS, NS or BS, {@code ?} the request's
 * parameter. Errors name where in the value they are, as DynamoDB does ("... under root.m[1]").
 */
final class PartiqlValues {
    static final String PARAMETER_COUNT = "Number of parameters in request and statement don't match.";
    /** DynamoDB's maximum nesting of maps and lists. */
    private static final int MAX_DEPTH = 32;

    private PartiqlValues() {
    }

    /** Whether the expression is a value (literal, parameter, or a collection of values). */
    static boolean isConstant(Expr e) {
        if (e instanceof Literal || e instanceof NumberLiteral || e instanceof Parameter) {
            return true;
        }
        if (e instanceof ListLiteral l) {
            return l.elements().stream().allMatch(PartiqlValues::isConstant);
        }
        if (e instanceof BagLiteral b) {
            return b.elements().stream().allMatch(PartiqlValues::isConstant);
        }
        if (e instanceof MapLiteral m) {
            return m.entries().stream().allMatch(x -> isConstant(x.key()) && isConstant(x.value()));
        }
        return false;
    }

    static AttributeValue value(Expr e, List<AttributeValue> parameters) {
        return value(e, parameters, "root", 0);
    }

    private static AttributeValue value(Expr e, List<AttributeValue> parameters, String where, int depth) {
        if (depth > MAX_DEPTH) {
            throw DynamoException.validation("Nesting Levels have exceeded supported limits");
        }
        if (e instanceof Literal l) {
            return l.value();
        }
        if (e instanceof NumberLiteral n) {
            try {
                return new AttributeValue.N(DynamoNumber.check(n.value()));
            } catch (DynamoException x) {
                throw DynamoException.validation(x.getMessage() + " under " + where);
            }
        }
        if (e instanceof Parameter p) {
            if (p.index() >= parameters.size()) {
                throw DynamoException.validation(PARAMETER_COUNT);
            }
            return parameters.get(p.index());
        }
        if (e instanceof ListLiteral l) {
            List<AttributeValue> out = new ArrayList<>(l.elements().size());
            for (int i = 0; i < l.elements().size(); i++) {
                out.add(value(l.elements().get(i), parameters, where + "[" + i + "]", depth + 1));
            }
            return new AttributeValue.L(out);
        }
        if (e instanceof MapLiteral m) {
            return new AttributeValue.M(map(m, parameters, where, depth));
        }
        if (e instanceof BagLiteral b) {
            return bag(b, parameters, where, depth);
        }
        if (e instanceof Missing) {
            throw DynamoException.validation("MISSING must be compared using IS operator");
        }
        throw DynamoException.validation("Unsupported operation: " + describe(e) + " is not a value under " + where);
    }

    /**
     * An INSERT's item. DynamoDB names a place inside an attribute's value from that value's root ("under root",
     * "under root.x", "under root[1]"), not from the item.
     */
    static Map<String, AttributeValue> item(MapLiteral m, List<AttributeValue> parameters) {
        return entries(m, parameters, "root", true, 0);
    }

    private static Map<String, AttributeValue> map(MapLiteral m, List<AttributeValue> parameters, String where,
            int depth) {
        return entries(m, parameters, where, false, depth);
    }

    private static Map<String, AttributeValue> entries(MapLiteral m, List<AttributeValue> parameters, String where,
            boolean item, int depth) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        for (Entry entry : m.entries()) {
            AttributeValue key = value(entry.key(), parameters, where, depth + 1);
            if (!(key instanceof AttributeValue.S s)) {
                throw DynamoException.validation("Tuple keys must be of type String. Actual type: "
                        + key.type() + " under " + where);
            }
            if (out.containsKey(s.value())) {
                throw DynamoException.validation("Duplicate keys in tuple. Key: " + s.value() + " under " + where);
            }
            out.put(s.value(), value(entry.value(), parameters, item ? where : where + "." + s.value(), depth + 1));
        }
        return out;
    }

    /** A bag holds strings, numbers or binaries, all of one kind; duplicates collapse as in a set. */
    private static AttributeValue bag(BagLiteral b, List<AttributeValue> parameters, String where, int depth) {
        if (b.elements().isEmpty()) {
            throw DynamoException.validation("Empty bags are not supported");
        }
        Set<String> strings = new LinkedHashSet<>();
        Set<BigDecimal> numbers = new LinkedHashSet<>();
        Set<Bytes> binaries = new LinkedHashSet<>();
        for (int i = 0; i < b.elements().size(); i++) {
            AttributeValue v = value(b.elements().get(i), parameters, where + "[" + i + "]", depth + 1);
            if (v instanceof AttributeValue.S s) {
                strings.add(s.value());
            } else if (v instanceof AttributeValue.N n) {
                numbers.add(n.value());
            } else if (v instanceof AttributeValue.B bytes) {
                binaries.add(bytes.value());
            } else {
                throw unsupportedBag();
            }
        }
        int kinds = (strings.isEmpty() ? 0 : 1) + (numbers.isEmpty() ? 0 : 1) + (binaries.isEmpty() ? 0 : 1);
        if (kinds != 1) {
            throw unsupportedBag();
        }
        if (!strings.isEmpty()) {
            return new AttributeValue.SS(new ArrayList<>(strings));
        }
        if (!numbers.isEmpty()) {
            return new AttributeValue.NS(new ArrayList<>(numbers));
        }
        return new AttributeValue.BS(new ArrayList<>(binaries));
    }

    private static DynamoException unsupportedBag() {
        return DynamoException.validation(
                "Unsupported data type in Bag. DynamoDB only supports either numbers or strings in bags");
    }

    static String describe(Expr e) {
        return e.getClass().getSimpleName();
    }
}
