package io.github.multiprocessing4j.examples;

import io.github.multiprocessing4j.Pool;
import io.github.multiprocessing4j.SerializableFunction;
import io.github.multiprocessing4j.ThreadPool;
import java.util.List;

/**
 * The seed's pandas cell (In[14]): split a table into four pieces, add two computed columns to each
 * piece on a {@link ThreadPool}, and put the pieces back together. {@link FasterPandas} does the same
 * on worker processes. The notebook displays the result; this program prints it.
 *
 * <pre>
 * def add_features(df):
 *     # computing intensive processing
 *     df['feature3'] = df['feature1'].apply(lambda x : x*x*x*x*x)
 *     df['feature4'] = df['feature2'].apply(lambda x : x*100)
 *     return df
 *
 * datadf = pd.DataFrame({'feature1': [1,2,3,4,5,6,7,8],
 *                        'feature2' : [11,12,13,14,15,16,17,18]},
 *                       index=['a','b','c','d','e','f','g','h'])
 *
 * def parallelize_dataframe(df, func, n_cores=4):
 *     df_split = np.array_split(df, n_cores)
 *     pool = ThreadPool(n_cores)
 *     df = pd.concat(pool.map(func, df_split))
 *     pool.close()
 *     pool.join()
 *     return df
 *
 * complexdf = parallelize_dataframe(datadf, add_features)
 * complexdf
 * </pre>
 */
public final class PandasThreadPool {
    static final DataFrame DATADF = DataFrame.create(List.of("a", "b", "c", "d", "e", "f", "g", "h"))
            .withColumn("feature1", 1, 2, 3, 4, 5, 6, 7, 8)
            .withColumn("feature2", 11, 12, 13, 14, 15, 16, 17, 18);

    private PandasThreadPool() {
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
        Pool pool = new ThreadPool(nCores);
        df = DataFrame.concat(pool.map(func, dfSplit));
        pool.shutdown(); // Python's pool.close()
        pool.join();
        return df;
    }

    public static void main(String[] args) {
        DataFrame complexdf = parallelizeDataframe(DATADF, PandasThreadPool::addFeatures);
        System.out.println(complexdf);
    }
}
