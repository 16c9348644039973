package org.robustr1.cli;

import org.robustr1.core.provenance.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** {@code robustr1 --version}: the build's version and commit, the DJL and PyTorch versions, Java and the OS. */
final class VersionProvider implements IVersionProvider {

  @Override
  public String[] getVersion() {
    return lines(BuildInfo.current());
  }

  static String[] lines(BuildInfo b) {
    return new String[] {
      "robustr1 " + b.version(),
      "commit " + b.commit() + (b.dirty() ? " (with uncommitted changes)" : ""),
      "DJL " + b.djlVersion() + ", PyTorch " + b.pytorchVersion(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
          + System.getProperty("os.name") + " " + System.getProperty("os.arch"),
    };
  }
}
