package io.zkinfer.circuits.data;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Rows of encoded values (each {@link FieldType} maps a value to a signed integer in its declared range) under one
 * {@link Schema}. Every value is checked against its field's range on construction.
 */
public record Dataset(Schema schema, List<List<BigInteger>> rows) {

    public Dataset {
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(rows, "rows");
        List<List<BigInteger>> copy = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            List<BigInteger> row = List.copyOf(rows.get(r));
            if (row.size() != schema.size()) {
                throw new DataException("has " + row.size() + " values, schema '" + schema.name() + "' has "
                        + schema.size() + " fields", r + 1, "");
            }
            for (int c = 0; c < row.size(); c++) {
                Schema.Field f = schema.fields().get(c);
                BigInteger v = row.get(c);
                if (v.compareTo(f.type().min()) < 0 || v.compareTo(f.type().max()) > 0) {
                    throw new DataException("value " + f.type().format(v) + " is outside the declared range ["
                            + f.type().format(f.type().min()) + ", " + f.type().format(f.type().max()) + "]",
                            r + 1, f.name());
                }
            }
            copy.add(row);
        }
        rows = List.copyOf(copy);
    }

    public int size() {
        return rows.size();
    }

    public List<BigInteger> row(int i) {
        if (i < 0 || i >= rows.size()) {
            throw new DataException("row index " + i + " is outside [0, " + rows.size() + ")");
        }
        return rows.get(i);
    }

    /** Reads a CSV file whose header names exactly the schema's fields (any order). */
    public static Dataset readCsv(Path csv, Schema schema) {
        try {
            return parseCsv(Files.readString(csv), schema);
        } catch (IOException e) {
            throw new DataException("cannot read CSV file " + csv + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses CSV text (RFC 4180: comma-separated, double quotes around fields that hold commas, quotes or line
     * breaks, {@code ""} for a quote). The header must name every schema field once and nothing else; blank lines are
     * skipped.
     */
    public static Dataset parseCsv(String text, Schema schema) {
        List<List<String>> lines = Csv.parse(text);
        if (lines.isEmpty()) {
            throw new DataException("CSV is empty: expected a header naming the fields "
                    + schema.fields().stream().map(Schema.Field::name).toList());
        }
        List<String> header = lines.get(0).stream().map(String::strip).toList();
        int[] columnOfField = new int[schema.size()];
        java.util.Arrays.fill(columnOfField, -1);
        for (int c = 0; c < header.size(); c++) {
            String h = header.get(c);
            var idx = schema.indexOf(h);
            if (idx.isEmpty()) {
                throw new DataException("header column " + (c + 1) + " '" + h + "' is not a field of schema '"
                        + schema.name() + "' " + schema.fields().stream().map(Schema.Field::name).toList(), 0, h);
            }
            if (columnOfField[idx.get()] >= 0) {
                throw new DataException("header names '" + h + "' twice", 0, h);
            }
            columnOfField[idx.get()] = c;
        }
        for (int f = 0; f < schema.size(); f++) {
            if (columnOfField[f] < 0) {
                throw new DataException("header lacks schema field '" + schema.fields().get(f).name() + "'", 0,
                        schema.fields().get(f).name());
            }
        }
        List<List<BigInteger>> rows = new ArrayList<>();
        for (int r = 1; r < lines.size(); r++) {
            List<String> cells = lines.get(r);
            if (cells.size() != header.size()) {
                throw new DataException("has " + cells.size() + " cells, the header has " + header.size(), r, "");
            }
            List<BigInteger> row = new ArrayList<>(schema.size());
            for (int f = 0; f < schema.size(); f++) {
                Schema.Field field = schema.fields().get(f);
                String cell = cells.get(columnOfField[f]);
                try {
                    row.add(field.type().parseChecked(cell));
                } catch (IllegalArgumentException e) {
                    throw new DataException(e.getMessage() + " (" + field.type().typeName() + " field)", r,
                            field.name());
                }
            }
            rows.add(row);
        }
        return new Dataset(schema, rows);
    }

    /** Minimal RFC 4180 reader; errors name the 1-based data row (header = 0). */
    static final class Csv {
        private Csv() {
        }

        static List<List<String>> parse(String text) {
            List<List<String>> out = new ArrayList<>();
            List<String> cur = new ArrayList<>();
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            boolean wasQuoted = false;
            int i = 0;
            int n = text.length();
            if (n > 0 && text.charAt(0) == '\uFEFF') {
                i = 1; // byte-order mark
            }
            for (; i < n; i++) {
                char ch = text.charAt(i);
                if (quoted) {
                    if (ch == '"') {
                        if (i + 1 < n && text.charAt(i + 1) == '"') {
                            cell.append('"');
                            i++;
                        } else {
                            quoted = false;
                        }
                    } else {
                        cell.append(ch);
                    }
                } else if (ch == '"') {
                    if (!cell.toString().isBlank() || wasQuoted) {
                        throw new DataException("a double quote may only start a field (write \"\" inside a quoted"
                                + " field)", Math.max(0, out.size()), "cell " + (cur.size() + 1));
                    }
                    cell.setLength(0);
                    quoted = true;
                    wasQuoted = true;
                } else if (ch == ',') {
                    cur.add(cell.toString());
                    cell.setLength(0);
                    wasQuoted = false;
                } else if (ch == '\n' || ch == '\r') {
                    if (ch == '\r' && i + 1 < n && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    cur.add(cell.toString());
                    cell.setLength(0);
                    wasQuoted = false;
                    if (!(cur.size() == 1 && cur.get(0).isBlank())) {
                        out.add(cur);
                    }
                    cur = new ArrayList<>();
                } else {
                    if (wasQuoted && !Character.isWhitespace(ch)) {
                        throw new DataException("text after a closing double quote", Math.max(0, out.size()),
                                "cell " + (cur.size() + 1));
                    }
                    if (!wasQuoted) {
                        cell.append(ch);
                    }
                }
            }
            if (quoted) {
                throw new DataException("a quoted field is not closed before the end of the file",
                        Math.max(0, out.size()), "cell " + (cur.size() + 1));
            }
            cur.add(cell.toString());
            if (!(cur.size() == 1 && cur.get(0).isBlank())) {
                out.add(cur);
            }
            return out;
        }
    }
}
