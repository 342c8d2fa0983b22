package cloud.patchmon.agent.repositories;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The part of UCL (libucl, the format of FreeBSD's pkg configuration) that repository files use: named
 * objects of scalar options, {@code FreeBSD: { url: "pkg+http://…", enabled: yes }}, written with
 * {@code :} or {@code =} or nothing between key and value, {@code ,} or {@code ;} or a line break after
 * it, quoted or bare values, {@code #} and {@code /* *}{@code /} comments. Nested objects and arrays are
 * parsed and dropped: no repository option the agent reports is one.
 */
final class UclObjects {

    /** The text is not UCL; pkg ignores such a file with a warning. */
    static final class SyntaxError extends Exception {
        SyntaxError(String message, int offset) {
            super(message + " at offset " + offset);
        }
    }

    private final String text;
    private int pos;

    private UclObjects(String text) {
        this.text = text;
    }

    /**
     * The top-level objects by name, in order, each with its scalar options (keys lower-cased, as pkg
     * matches them); top-level scalars are left out.
     */
    static Map<String, Map<String, String>> parse(String text) throws SyntaxError {
        UclObjects parser = new UclObjects(text);
        parser.skipBlank();
        boolean braced = parser.peek() == '{';
        if (braced) {
            parser.pos++;
        }
        Map<String, Object> top = parser.members(braced ? '}' : 0);
        Map<String, Map<String, String>> objects = new LinkedHashMap<>();
        top.forEach((name, value) -> {
            if (value instanceof Map<?, ?> members) {
                Map<String, String> scalars = new LinkedHashMap<>();
                members.forEach((k, v) -> {
                    if (v instanceof String s) {
                        scalars.put(((String) k).toLowerCase(Locale.ROOT), s);
                    }
                });
                objects.put(name, Collections.unmodifiableMap(scalars));
            }
        });
        return objects;
    }

    private Map<String, Object> members(char end) throws SyntaxError {
        Map<String, Object> members = new LinkedHashMap<>();
        while (true) {
            skipBlank();
            if (atEnd()) {
                if (end != 0) {
                    throw new SyntaxError("unclosed object", pos);
                }
                return members;
            }
            if (peek() == end) {
                pos++;
                return members;
            }
            String key = key();
            skipBlank();
            if (peek() == ':' || peek() == '=') {
                pos++;
                skipBlank();
            }
            Object value = value();
            Object previous = members.get(key);
            if (previous instanceof Map<?, ?> before && value instanceof Map<?, ?> after) {
                Map<Object, Object> merged = new LinkedHashMap<>(before);
                merged.putAll(after);
                members.put(key, merged);
            } else {
                members.put(key, value);
            }
            skipBlank();
            if (peek() == ',' || peek() == ';') {
                pos++;
            }
        }
    }

    private String key() throws SyntaxError {
        char c = peek();
        if (c == '"' || c == '\'') {
            return quoted();
        }
        int start = pos;
        while (!atEnd() && !Character.isWhitespace(peek()) && ":={}[],;#".indexOf(peek()) < 0) {
            pos++;
        }
        if (start == pos) {
            throw new SyntaxError("expected a key, found '" + c + "'", pos);
        }
        return text.substring(start, pos);
    }

    private Object value() throws SyntaxError {
        if (atEnd()) {
            throw new SyntaxError("expected a value", pos);
        }
        char c = peek();
        if (c == '{') {
            pos++;
            return members('}');
        }
        if (c == '[') {
            pos++;
            List<Object> items = new ArrayList<>();
            while (true) {
                skipBlank();
                if (peek() == ']') {
                    pos++;
                    return items;
                }
                items.add(value());
                skipBlank();
                if (peek() == ',' || peek() == ';') {
                    pos++;
                }
            }
        }
        if (c == '"' || c == '\'') {
            return quoted();
        }
        int start = pos;
        while (!atEnd() && !Character.isWhitespace(peek()) && "{}[],;".indexOf(peek()) < 0) {
            // A bare value may hold a ${VARIABLE}: its braces are part of the value.
            int variableEnd = text.startsWith("${", pos) ? text.indexOf('}', pos) : -1;
            pos = variableEnd > 0 ? variableEnd + 1 : pos + 1;
        }
        if (start == pos) {
            throw new SyntaxError("expected a value, found '" + c + "'", pos);
        }
        return text.substring(start, pos);
    }

    private String quoted() throws SyntaxError {
        char quote = text.charAt(pos++);
        StringBuilder out = new StringBuilder();
        while (!atEnd()) {
            char c = text.charAt(pos++);
            if (c == quote) {
                return out.toString();
            }
            if (c == '\\' && !atEnd()) {
                char next = text.charAt(pos++);
                out.append(quote == '\'' && next != '\'' ? "\\" + next : switch (next) {
                    case 'n' -> "\n";
                    case 't' -> "\t";
                    case 'r' -> "\r";
                    default -> String.valueOf(next);
                });
            } else {
                out.append(c);
            }
        }
        throw new SyntaxError("unclosed string", pos);
    }

    private void skipBlank() throws SyntaxError {
        while (!atEnd()) {
            char c = peek();
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                while (!atEnd() && peek() != '\n') {
                    pos++;
                }
            } else if (text.startsWith("/*", pos)) {
                skipComment();
            } else {
                return;
            }
        }
    }

    /** UCL's multi-line comments nest. */
    private void skipComment() throws SyntaxError {
        int start = pos;
        int depth = 0;
        while (!atEnd()) {
            if (text.startsWith("/*", pos)) {
                depth++;
                pos += 2;
            } else if (text.startsWith("*/", pos)) {
                depth--;
                pos += 2;
                if (depth == 0) {
                    return;
                }
            } else {
                pos++;
            }
        }
        throw new SyntaxError("unclosed comment", start);
    }

    private boolean atEnd() {
        return pos >= text.length();
    }

    private char peek() {
        return atEnd() ? 0 : text.charAt(pos);
    }
}
