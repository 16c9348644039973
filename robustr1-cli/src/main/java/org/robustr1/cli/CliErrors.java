package org.robustr1.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.robustr1.eval.data.DataFormatException;
import org.robustr1.model.device.GpuUnavailableException;
import org.robustr1.train.data.BadRowException;
import org.robustr1.train.loop.NoUpdatesException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * How a command ends on an error: a user error (bad option value, unreadable or malformed file,
 * bad row, refused output folder or resume) prints one line, {@code robustr1 CMD: message}, on
 * standard error and exits with {@value #USER_ERROR}; anything else is an internal error: one line
 * naming the exception, exit {@value #INTERNAL_ERROR}. {@code --debug} adds the stack trace.
 */
final class CliErrors implements IExecutionExceptionHandler, IParameterExceptionHandler {

  /** Exit code of a user error (picocli's code for invalid input too). */
  static final int USER_ERROR = 2;

  /** Exit code of an internal error. */
  static final int INTERNAL_ERROR = 1;

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parsed) {
    Throwable t = unwrap(ex);
    PrintWriter err = cmd.getErr();
    boolean debug = RobustR1Command.root(cmd).debug;
    int code;
    if (isUserError(t)) {
      err.println(prefix(cmd) + oneLine(message(t)));
      code = USER_ERROR;
    } else {
      err.println(prefix(cmd) + "internal error: " + oneLine(t.toString())
          + (debug ? "" : " (rerun with --debug for the stack trace)"));
      code = INTERNAL_ERROR;
    }
    if (debug) {
      ex.printStackTrace(err);
    }
    err.flush();
    return code;
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    String help = cmd.getCommandSpec().qualifiedName() + " --help";
    err.println(prefix(cmd) + oneLine(ex.getMessage()) + " (see '" + help + "')");
    if (RobustR1Command.root(cmd).debug) {
      ex.printStackTrace(err);
    }
    err.flush();
    return cmd.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** Whether {@code t} (unwrapped) is the user's to fix. */
  static boolean isUserError(Throwable t) {
    return t instanceof UserError
        || t instanceof IOException
        || t instanceof IllegalArgumentException
        || t instanceof DataFormatException
        || t instanceof BadRowException
        || t instanceof NoUpdatesException
        || t instanceof GpuUnavailableException
        || isOpenCvUserError(t);
  }

  /** OpenCV's "could not find encoder for the specified extension" (an output file name). */
  private static boolean isOpenCvUserError(Throwable t) {
    return t.getClass().getName().equals("org.opencv.core.CvException")
        && String.valueOf(t.getMessage()).contains("could not find encoder");
  }

  /** The exception that says what happened, without wrappers that add nothing. */
  static Throwable unwrap(Throwable t) {
    Throwable cur = t;
    while (cur.getCause() != null && cur.getCause() != cur && isWrapper(cur)) {
      cur = cur.getCause();
    }
    return cur;
  }

  private static boolean isWrapper(Throwable t) {
    return t instanceof UncheckedIOException
        || t instanceof ExecutionException
        || t instanceof CompletionException
        || t instanceof InvocationTargetException
        || t instanceof CommandLine.ExecutionException
        || (t.getClass() == RuntimeException.class
            && (t.getMessage() == null || t.getMessage().equals(t.getCause().toString())));
  }

  /** The user-facing text of an error: JDK file errors say what is wrong with which path. */
  static String message(Throwable t) {
    if (t instanceof NoSuchFileException e) {
      return e.getFile() + ": no such file or folder" + (e.getReason() == null ? "" : " (" + e.getReason() + ")");
    }
    if (t instanceof AccessDeniedException e) {
      return e.getFile() + ": permission denied";
    }
    if (t instanceof FileAlreadyExistsException e) {
      boolean file = e.getFile() != null && Files.isRegularFile(Path.of(e.getFile()));
      return e.getFile() + (file ? " is a file; give a folder that does not exist or is a folder" : " already exists");
    }
    if (t instanceof NotDirectoryException e) {
      return e.getFile() + " is not a folder";
    }
    if (t instanceof FileSystemException e) {
      return e.getMessage();
    }
    if (t instanceof CharacterCodingException) {
      return "an input file is not UTF-8; re-save it as UTF-8";
    }
    if (isOpenCvUserError(t)) {
      return "OpenCV cannot write an image with that file extension; use .png, .jpg, .bmp, .tif or .webp";
    }
    if (t instanceof JsonProcessingException j && j.getOriginalMessage() != null) {
      return j.getOriginalMessage() + (j.getLocation() == null ? ""
          : " at line " + j.getLocation().getLineNr() + " column " + j.getLocation().getColumnNr());
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** {@code text} on one line: line breaks become {@code "; "}. */
  static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", "; ");
  }

  private static String prefix(CommandLine cmd) {
    return cmd.getCommandSpec().qualifiedName() + ": ";
  }
}
