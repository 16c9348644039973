package org.robustr1.demo;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The full demo with some {@link DemoConfig} fields changed, named as the record names them; every
 * other field, and the baseline's steps (SFT + GRPO), as the demo derives them. Usage: {@code OUT
 * SEED NAME=VALUE...}, for example {@code runs/g72 1 grpoSteps=72} or {@code runs/t3000 7
 * trainScenes=3000}. Writes the demo's report.
 */
public final class DemoVariant {

  public static void main(String[] a) throws Exception {
    Path out = Path.of(a[0]);
    DemoConfig cfg = config(Arrays.copyOfRange(a, 1, a.length));
    DemoResult r = new DemoPipeline(cfg, out, System.out).run();
    DemoReport report = new DemoReport(r);
    report.writeAll();
    System.out.print(report.summaryTable());
  }

  /** The full demo's config of seed {@code a[0]} with the {@code NAME=VALUE} changes of the rest of {@code a}. */
  static DemoConfig config(String[] a) throws ReflectiveOperationException {
    DemoConfig full = DemoConfig.full(Long.parseLong(a[0]));
    RecordComponent[] fields = DemoConfig.class.getRecordComponents();
    Object[] values = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      values[i] = fields[i].getAccessor().invoke(full);
    }
    for (String change : Arrays.copyOfRange(a, 1, a.length)) {
      String[] kv = change.split("=", 2);
      int i = Arrays.stream(fields).map(RecordComponent::getName).toList().indexOf(kv[0]);
      if (kv.length != 2 || i < 0) {
        throw new IllegalArgumentException(change + ": expected NAME=VALUE with NAME one of "
            + Arrays.stream(fields).map(RecordComponent::getName).toList());
      }
      Class<?> t = fields[i].getType();
      if (t != int.class && t != long.class && t != double.class && t != Path.class && t != String.class) {
        throw new IllegalArgumentException(change + ": " + kv[0] + " is a " + t.getSimpleName()
            + "; only number, text and folder fields can be set here");
      }
      values[i] = t == int.class ? Integer.valueOf(kv[1]) : t == long.class ? Long.valueOf(kv[1])
          : t == double.class ? Double.valueOf(kv[1]) : t == Path.class ? Path.of(kv[1]) : kv[1];
    }
    return DemoConfig.class
        .getDeclaredConstructor(Arrays.stream(fields).map(RecordComponent::getType).toArray(Class<?>[]::new))
        .newInstance(values);
  }
}
