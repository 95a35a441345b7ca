package io.github.multiprocessing4j.examples;

import io.github.multiprocessing4j.Pool;
import io.github.multiprocessing4j.ProcessPool;
import io.github.multiprocessing4j.SerializableFunction;
import java.util.List;

/**
 * The seed's {@code fasterpandas.py}: {@link PandasThreadPool} on four worker processes. Each piece of
 * the table travels to a worker JVM and comes back with its two new columns.
 *
 * <pre>
 * from multiprocessing import  Pool
 *
 * def parallelize_dataframe(df, func, n_cores=4):
 *     df_split = np.array_split(df, n_cores)
 *     pool = Pool(n_cores)
 *     df = pd.concat(pool.map(func, df_split))
 *     pool.close()
 *     pool.join()
 *     return df
 *
 * if __name__ == '__main__':
 *     complexdf = parallelize_dataframe(datadf, add_features)
 *     print(complexdf)
 * </pre>
 */
public final class FasterPandas {
    static final DataFrame DATADF = DataFrame.create(List.of("a", "b", "c", "d", "e", "f", "g", "h"))
            .withColumn("feature1", 1, 2, 3, 4, 5, 6, 7, 8)
            .withColumn("feature2", 11, 12, 13, 14, 15, 16, 17, 18);

    private FasterPandas() {
    }

    static DataFrame addFeatures(DataFrame df) {
        // computing intensive processing
        df = df.withColumn("feature3", df.apply("feature1", x -> x * x * x * x * x));
        df = df.withColumn("feature4", df.apply("feature2", x -> x * 100));
        return df;
    }

    static DataFrame parallelizeDataframe(DataFrame df, SerializableFunction<DataFrame, DataFrame> func) {
        return parallelizeDataframe(df, func, 4);
    }

    static DataFrame parallelizeDataframe(DataFrame df, SerializableFunction<DataFrame, DataFrame> func, int nCores) {
        List<DataFrame> dfSplit = DataFrame.arraySplit(df, nCores);
        Pool pool = new ProcessPool(nCores);
        df = DataFrame.concat(pool.map(func, dfSplit));
        pool.shutdown(); // Python's pool.close()
        pool.join();
        return df;
    }

    public static void main(String[] args) {
        DataFrame complexdf = parallelizeDataframe(DATADF, FasterPandas::addFeatures);
        System.out.println(complexdf);
    }
}
