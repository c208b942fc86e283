package io.modelbench.engine.api;

/**
 * Bad input from the user: a file, a row, a column or a setting that cannot be used. Its message is one line
 * that names where the problem is and what to do; the CLI prints it as is, the app shows it in a dialog.
 */
public final class InputException extends RuntimeException {

    private final String file;
    private final Integer line;
    private final String column;
    private final String advice;

    private InputException(String file, Integer line, String column, String problem, String advice, Throwable cause) {
        super(format(file, line, column, problem, advice), cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.advice = advice;
    }

    /** A problem with a file as a whole (missing, unreadable, empty); {@code file} is a path or a display name. */
    public static InputException file(Object file, String problem, String advice) {
        return new InputException(display(file), null, null, problem, advice, null);
    }

    public static InputException file(Object file, String problem, String advice, Throwable cause) {
        return new InputException(display(file), null, null, problem, advice, cause);
    }

    /** A problem at one cell: {@code line} is the 1-based line in the file (the header is line 1). */
    public static InputException cell(Object file, long line, String column, String problem, String advice) {
        return new InputException(display(file), (int) line, column, problem, advice, null);
    }

    /** A problem with a whole column. */
    public static InputException column(Object file, String column, String problem, String advice) {
        return new InputException(display(file), null, column, problem, advice, null);
    }

    /** A setting (option, field in a form) with a value that cannot be used. */
    public static InputException setting(String setting, Object value, String advice) {
        return new InputException(null, null, null, "setting '" + setting + "' = '" + value + "' is not valid", advice, null);
    }

    /** A problem that is not tied to one place. */
    public static InputException general(String problem, String advice) {
        return new InputException(null, null, null, problem, advice, null);
    }

    public String file() {
        return file;
    }

    public Integer line() {
        return line;
    }

    public String column() {
        return column;
    }

    public String advice() {
        return advice;
    }

    private static String display(Object p) {
        return p == null ? null : p.toString();
    }

    private static String format(String file, Integer line, String column, String problem, String advice) {
        StringBuilder sb = new StringBuilder();
        if (file != null) {
            sb.append(file);
        }
        if (line != null) {
            sb.append(sb.length() > 0 ? ", " : "").append("line ").append(line);
        }
        if (column != null) {
            sb.append(sb.length() > 0 ? ", " : "").append("column '").append(column).append('\'');
        }
        if (sb.length() > 0) {
            sb.append(": ");
        }
        sb.append(problem);
        if (advice != null && !advice.isBlank()) {
            sb.append(". ").append(Character.toUpperCase(advice.charAt(0))).append(advice.substring(1));
            if (!advice.endsWith(".")) {
                sb.append('.');
            }
        }
        return sb.toString().replace('\n', ' ').replace('\r', ' ');
    }
}
