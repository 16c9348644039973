package org.robustr1.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code robustr1-spark}: the Spark jobs' command line, the main class of {@code
 * robustr1-spark.jar}. Under {@code spark-submit} the master and resources come from
 * spark-submit; run directly ({@code bin/robustr1-spark}), {@code --master} picks one (default
 * {@code local[*]}).
 */
@Command(
    name = "robustr1-spark",
    mixinStandardHelpOptions = true,
    subcommands = {DegradeCommand.class, ImageNetCCommand.class, EvalCommand.class},
    description = "Robust-R1 degradation and evaluation jobs on Apache Spark.")
public final class SparkCommand implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The Spark options every job takes. */
  static final class SparkOptions {
    @Option(names = "--master", description = "Spark master (default: spark-submit's, else local[*])")
    String master;

    @Option(names = "--partitions", paramLabel = "N", description = "tasks (default: twice the default parallelism)")
    Integer partitions;

    @Option(names = "--log-level", defaultValue = "WARN", description = "Spark's log level once started (default ${DEFAULT-VALUE})")
    String logLevel;

    /** A session named {@code app} on the chosen master. */
    SparkSession session(String app) {
      SparkSession.Builder b = SparkSession.builder().appName(app);
      if (master != null) {
        b.master(master);
      } else if (!new SparkConf().contains("spark.master")) {
        b.master("local[*]");
      }
      SparkSession s = b.getOrCreate();
      s.sparkContext().setLogLevel(logLevel);
      return s;
    }
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(new CommandLine(new SparkCommand()).execute(args));
  }
}
