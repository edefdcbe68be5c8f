package io.zkinfer.circuits.data.policy;

import io.zkinfer.circuits.data.DataException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parser of the policy language.
 *
 * <pre>
 * policy  := or
 * or      := and (("||" | "or") and)*
 * and     := unary (("&amp;&amp;" | "and") unary)*
 * unary   := ("!" | "not") unary | "(" policy ")" | atom
 * atom    := FIELD op value                       age &gt;= 18, diagnosis == "E11.9", visit &lt; 2024-01-01
 *          | FIELD op NUMBER "*" FIELD            monthly_debt &lt;= 0.35 * monthly_income
 *          | FIELD "in" "[" value "," value "]"    closed interval: hba1c in [6.5, 9.0]
 *          | FIELD ("in" | "not" "in") "{" value ("," value)* "}"   set: country not in {"KP", "IR"}
 *          | FIELD                                 a boolean field: consent
 * op      := "&gt;=" | "&lt;=" | "&gt;" | "&lt;" | "==" | "!="
 * value   := "quoted text" | bare word of letters, digits and . - + _ :   (18, -3.5, 2024-01-01, true, E11.9)
 * </pre>
 */
public final class PolicyParser {
    /** Longest policy text accepted (a policy is a short rule, not a program; keeps errors and work small). */
    public static final int MAX_LENGTH = 4096;
    /** Deepest nesting of '!', 'not' and '(' accepted: the parser and everything after it recurse per level. */
    public static final int MAX_DEPTH = 64;

    private final String src;
    private int pos;
    private int depth;

    PolicyParser(String src) {
        this.src = src == null ? "" : src;
    }

    Policy parse() {
        if (src.length() > MAX_LENGTH) {
            throw new DataException("policy is " + src.length() + " characters long; at most " + MAX_LENGTH
                    + " are accepted");
        }
        skipWs();
        if (pos >= src.length()) {
            throw error("the policy is empty");
        }
        Policy p = or();
        skipWs();
        if (pos < src.length()) {
            throw error("unexpected '" + src.charAt(pos) + "': expected &&, || or the end of the policy");
        }
        return p;
    }

    private Policy or() {
        List<Policy> terms = new ArrayList<>();
        terms.add(and());
        while (accept("||") || acceptWord("or")) {
            terms.add(and());
        }
        return terms.size() == 1 ? terms.get(0) : new Policy.Or(terms);
    }

    private Policy and() {
        List<Policy> terms = new ArrayList<>();
        terms.add(unary());
        while (accept("&&") || acceptWord("and")) {
            terms.add(unary());
        }
        return terms.size() == 1 ? terms.get(0) : new Policy.And(terms);
    }

    private Policy unary() {
        if (++depth > MAX_DEPTH) {
            throw error("the policy nests deeper than " + MAX_DEPTH + " levels of '!', 'not' and '('");
        }
        try {
            return unaryBody();
        } finally {
            depth--;
        }
    }

    private Policy unaryBody() {
        skipWs();
        if (pos < src.length() && src.charAt(pos) == '!' && !src.startsWith("!=", pos)) {
            pos++;
            return new Policy.Not(unary());
        }
        if (acceptWord("not")) {
            return new Policy.Not(unary());
        }
        if (accept("(")) {
            Policy p = or();
            expect(")", "a closing ')'");
            return p;
        }
        return atom();
    }

    private Policy atom() {
        skipWs();
        int start = pos;
        String field = identifier();
        if (field == null) {
            throw error(pos >= src.length() ? "the policy ends where a field name was expected"
                    : "expected a field name, '(' or '!' but found '" + src.charAt(pos) + "'");
        }
        if (field.equals("and") || field.equals("or") || field.equals("in")) {
            pos = start;
            throw error("expected a field name but found the keyword '" + field + "'");
        }
        skipWs();
        for (Policy.Cmp c : new Policy.Cmp[] {Policy.Cmp.GE, Policy.Cmp.LE, Policy.Cmp.EQ, Policy.Cmp.NE,
                Policy.Cmp.GT, Policy.Cmp.LT}) {
            if (accept(c.symbol())) {
                String v = value();
                if (accept("*")) {
                    skipWs();
                    String other = identifier();
                    if (other == null) {
                        throw error("expected a field name after '*' (write: field <= 0.35 * other_field)");
                    }
                    return new Policy.CompareScaled(field, c, v, other);
                }
                return new Policy.Compare(field, c, v);
            }
        }
        int beforeNot = pos;
        boolean negated = acceptWord("not");
        if (acceptWord("in")) {
            skipWs();
            if (!negated && accept("[")) {
                String lo = value();
                expect(",", "',' between the bounds of an interval [lo, hi]");
                String hi = value();
                expect("]", "']' closing the interval");
                return new Policy.InRange(field, lo, hi);
            }
            expect("{", negated ? "'{' opening the set after 'not in'" : "'[' (interval) or '{' (set) after 'in'");
            List<String> vals = new ArrayList<>();
            vals.add(value());
            while (accept(",")) {
                vals.add(value());
            }
            expect("}", "',' or '}' closing the set");
            return new Policy.InSet(field, vals, negated);
        }
        if (negated) {
            pos = beforeNot;
            throw error("expected 'in' after 'not' (write 'field not in {...}' or '!field')");
        }
        return new Policy.IsTrue(field);
    }

    private String value() {
        skipWs();
        if (pos >= src.length()) {
            throw error("the policy ends where a value was expected");
        }
        if (src.charAt(pos) == '"') {
            int start = pos++;
            StringBuilder sb = new StringBuilder();
            while (pos < src.length() && src.charAt(pos) != '"') {
                if (src.charAt(pos) == '\\' && pos + 1 < src.length()) {
                    pos++;
                }
                sb.append(src.charAt(pos++));
            }
            if (pos >= src.length()) {
                pos = start;
                throw error("this quoted value is not closed");
            }
            pos++;
            return sb.toString();
        }
        int start = pos;
        while (pos < src.length() && isValueChar(src.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a value (a number, date, code or \"quoted text\") but found '" + src.charAt(pos)
                    + "'");
        }
        return src.substring(start, pos);
    }

    private static boolean isValueChar(char c) {
        return Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == '+' || c == '_' || c == ':';
    }

    private String identifier() {
        if (pos < src.length() && (Character.isLetter(src.charAt(pos)) || src.charAt(pos) == '_')) {
            int start = pos;
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
                pos++;
            }
            return src.substring(start, pos);
        }
        return null;
    }

    private boolean accept(String token) {
        skipWs();
        if (src.startsWith(token, pos)) {
            pos += token.length();
            return true;
        }
        return false;
    }

    private boolean acceptWord(String word) {
        skipWs();
        int end = pos + word.length();
        if (src.startsWith(word, pos) && (end >= src.length() || !(Character.isLetterOrDigit(src.charAt(end))
                || src.charAt(end) == '_'))) {
            pos = end;
            return true;
        }
        return false;
    }

    private void expect(String token, String what) {
        if (!accept(token)) {
            throw error(pos >= src.length() ? "the policy ends where " + what + " was expected"
                    : "expected " + what + " but found '" + src.charAt(pos) + "'");
        }
    }

    private void skipWs() {
        while (pos < src.length() && Character.isWhitespace(src.charAt(pos))) {
            pos++;
        }
    }

    private DataException error(String message) {
        String line = src.replace('\n', ' ');
        return new DataException("policy, column " + (pos + 1) + ": " + message + "\n  " + line + "\n  "
                + " ".repeat(Math.min(pos, line.length())) + "^");
    }

    /** A literal as the parser reads it back: bare if it is a value word, else quoted. */
    static String quote(String literal) {
        boolean bare = !literal.isEmpty() && literal.chars().allMatch(c -> isValueChar((char) c));
        return bare ? literal : "\"" + literal.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
