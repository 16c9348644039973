package org.robustr1.spark.io;

import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;

/**
 * The driver's Hadoop {@link Configuration} carried into tasks (file system settings, credentials
 * of object stores), written with Hadoop's own {@code Writable} form.
 */
public final class SerializableConf implements Serializable {

  private static final long serialVersionUID = 1L;

  private transient Configuration conf;

  /** Wraps {@code conf}. */
  public SerializableConf(Configuration conf) {
    this.conf = conf;
  }

  /** The configuration. */
  public Configuration get() {
    return conf;
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    conf.write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    conf = new Configuration(false);
    conf.readFields(in);
  }
}
