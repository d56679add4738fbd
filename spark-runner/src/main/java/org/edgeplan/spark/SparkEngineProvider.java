package org.edgeplan.spark;

import org.apache.spark.SparkConf;
import org.edgeplan.bench.batch.RunEngine;
import org.edgeplan.bench.batch.Suite;

/** {@code --engine spark}: found by {@link java.util.ServiceLoader} when this module is on the class path. */
public final class SparkEngineProvider implements RunEngine.Provider {
    @Override
    public String name() {
        return RunEngine.SPARK;
    }

    @Override
    public RunEngine create(String master, Suite suite) {
        SparkConf conf = new SparkConf();
        if (master != null) {
            conf.setMaster(master);
        }
        return SparkEngine.start(conf, suite);
    }
}
