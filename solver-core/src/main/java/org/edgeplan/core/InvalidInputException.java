package org.edgeplan.core;

/**
 * A bad instance, plan, argument or file. The message is one line that names the problem (and,
 * for files, the JSON path of the bad field and the bad value); the CLI prints it and exits 2.
 */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidInputException(String message) {
        super(message);
    }

    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
