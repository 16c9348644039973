package org.robustr1.cli;

/**
 * A mistake in the command line or its input that the user can fix. Like every other user error
 * ({@link CliErrors#isUserError}), it ends the command with its message on one line of standard
 * error and exit code {@value CliErrors#USER_ERROR}; the message names the file, row, field or
 * option and what to change.
 */
final class UserError extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UserError(String message) {
    super(message);
  }

  UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
