package io.clusterstream.stream.control;

import java.util.List;

/** Just enough JSON writing for the catalog endpoint. */
final class Json {

    private Json() {}

    /** A JSON string literal. */
    static String string(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A JSON value for a string, number, boolean, null, or {@link Raw} JSON. */
    static String value(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Raw raw) {
            return raw.json();
        }
        if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            return "null";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        return string(value.toString());
    }

    /** JSON text that is written as it is. */
    record Raw(String json) {}

    /** A JSON array of already written values. */
    static Raw array(List<String> jsonValues) {
        return new Raw("[" + String.join(",", jsonValues) + "]");
    }

    /** Writes one JSON object, fields in call order. */
    static final class ObjectWriter {
        private final StringBuilder out = new StringBuilder("{");

        ObjectWriter field(String name, Object value) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append(string(name)).append(':').append(value(value));
            return this;
        }

        @Override
        public String toString() {
            return out + "}";
        }
    }
}
