package io.zkinfer.circuits.data;

import java.util.Optional;

/**
 * A problem with user data: a schema, a CSV file, a policy or a statement that cannot hold. When it concerns one
 * cell of a CSV file the message names the row (1-based data row, the header is row 0) and the column.
 */
public class DataException extends RuntimeException {

    private final int row;
    private final String column;

    public DataException(String message) {
        this(message, -1, null);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
        this.row = -1;
        this.column = null;
    }

    /** A problem at {@code row} (1-based data row; 0 = header) and {@code column} (may be empty if unknown). */
    public DataException(String message, int row, String column) {
        super(row < 0 ? message : "row " + row + (column == null || column.isEmpty() ? "" : ", column '" + column
                + "'") + ": " + message);
        this.row = row;
        this.column = column;
    }

    /** The 1-based data row the problem is in (0 = header), if it concerns a row. */
    public Optional<Integer> row() {
        return row < 0 ? Optional.empty() : Optional.of(row);
    }

    /** The column the problem is in, if known. */
    public Optional<String> column() {
        return Optional.ofNullable(column == null || column.isEmpty() ? null : column);
    }
}
