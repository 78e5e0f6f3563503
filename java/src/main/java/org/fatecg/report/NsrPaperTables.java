package org.fatecg.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The published results of Ma and Liang, "Improve robustness of DNN for ECG signal classification: a
 * noise-to-signal ratio perspective" (2020), Appendix D, Tables 1-12, as data: accuracy (ACC) and macro
 * precision (PREC) of nine training methods on their MLP and CNN, under 20-PGD, 100-PGD and SPSA, at
 * noise levels 0, 0.01, 0.03, 0.05, 0.1, 0.2, 0.3 (fractions, not percent). No numbers of ours are here.
 */
public final class NsrPaperTables {
    public static final double[] NOISE = {0, 0.01, 0.03, 0.05, 0.1, 0.2, 0.3};

    /** One published table: its number, metric ("ACC" or "PREC"), model ("MLP" or "CNN"), attack, and rows by method label. */
    public record Table(int number, String metric, String model, String attack, Map<String, double[]> rows) {}

    private static final List<Table> TABLES = new ArrayList<>();

    private NsrPaperTables() {}

    public static List<Table> all() {
        return List.copyOf(TABLES);
    }

    /** The table for a metric, model and attack, e.g. ("ACC", "CNN", "20-PGD"), or null. */
    public static Table find(String metric, String model, String attack) {
        for (Table t : TABLES)
            if (t.metric().equals(metric)
                    && t.model().equals(model)
                    && t.attack().equals(attack)) return t;
        return null;
    }

    private static Map.Entry<String, double[]> row(String method, double... values) {
        return Map.entry(method, values);
    }

    @SafeVarargs
    private static void table(
            int number, String metric, String model, String attack, Map.Entry<String, double[]>... rows) {
        Map<String, double[]> m = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> r : rows) m.put(r.getKey(), r.getValue());
        TABLES.add(new Table(number, metric, model, attack, m));
    }

    static {
        // Table 1: ACC MLP 20-PGD
        table(
                1,
                "ACC",
                "MLP",
                "20-PGD",
                row("ce", 0.92, 0.7, 0.19, 0.02, 0.0, 0.0, 0.0),
                row("jacob", 0.87, 0.84, 0.78, 0.71, 0.43, 0.11, 0.06),
                row("mse", 0.9, 0.74, 0.39, 0.25, 0.14, 0.08, 0.06),
                row("mseMargin", 0.89, 0.77, 0.5, 0.37, 0.22, 0.13, 0.09),
                row("loss2", 0.9, 0.85, 0.82, 0.79, 0.69, 0.49, 0.37),
                row("loss1", 0.92, 0.88, 0.7, 0.39, 0.16, 0.07, 0.03),
                row("adv0.1", 0.91, 0.81, 0.75, 0.74, 0.63, 0.23, 0.07),
                row("adv0.2", 0.89, 0.69, 0.61, 0.6, 0.58, 0.45, 0.25),
                row("adv0.3", 0.9, 0.67, 0.45, 0.41, 0.4, 0.47, 0.33));
        // Table 2: PREC MLP 20-PGD
        table(
                2,
                "PREC",
                "MLP",
                "20-PGD",
                row("ce", 0.93, 0.71, 0.22, 0.06, 0.0, 0.0, 0.0),
                row("jacob", 0.87, 0.85, 0.79, 0.72, 0.47, 0.12, 0.07),
                row("mse", 0.92, 0.81, 0.44, 0.28, 0.16, 0.07, 0.04),
                row("mseMargin", 0.92, 0.84, 0.64, 0.45, 0.25, 0.14, 0.08),
                row("loss2", 0.92, 0.88, 0.85, 0.83, 0.75, 0.56, 0.43),
                row("loss1", 0.92, 0.89, 0.73, 0.45, 0.2, 0.12, 0.07),
                row("adv0.1", 0.92, 0.82, 0.77, 0.75, 0.65, 0.29, 0.1),
                row("adv0.2", 0.91, 0.72, 0.64, 0.63, 0.6, 0.48, 0.29),
                row("adv0.3", 0.92, 0.7, 0.49, 0.45, 0.44, 0.48, 0.36));
        // Table 3: ACC CNN 20-PGD
        table(
                3,
                "ACC",
                "CNN",
                "20-PGD",
                row("ce", 0.94, 0.77, 0.2, 0.03, 0.0, 0.0, 0.0),
                row("jacob", 0.87, 0.85, 0.81, 0.76, 0.57, 0.19, 0.05),
                row("mse", 0.92, 0.73, 0.36, 0.18, 0.06, 0.03, 0.02),
                row("mseMargin", 0.93, 0.81, 0.49, 0.31, 0.11, 0.06, 0.04),
                row("loss2", 0.93, 0.9, 0.88, 0.86, 0.75, 0.45, 0.26),
                row("loss1", 0.93, 0.89, 0.74, 0.59, 0.41, 0.27, 0.16),
                row("adv0.1", 0.91, 0.9, 0.86, 0.83, 0.7, 0.13, 0.03),
                row("adv0.2", 0.92, 0.76, 0.68, 0.64, 0.64, 0.57, 0.16),
                row("adv0.3", 0.93, 0.83, 0.37, 0.21, 0.35, 0.48, 0.52));
        // Table 4: PREC CNN 20-PGD
        table(
                4,
                "PREC",
                "CNN",
                "20-PGD",
                row("ce", 0.94, 0.78, 0.24, 0.06, 0.0, 0.0, 0.0),
                row("jacob", 0.87, 0.86, 0.81, 0.76, 0.57, 0.24, 0.07),
                row("mse", 0.93, 0.8, 0.46, 0.23, 0.05, 0.01, 0.01),
                row("mseMargin", 0.93, 0.84, 0.54, 0.36, 0.09, 0.01, 0.01),
                row("loss2", 0.93, 0.91, 0.9, 0.88, 0.81, 0.61, 0.37),
                row("loss1", 0.94, 0.91, 0.78, 0.65, 0.42, 0.25, 0.16),
                row("adv0.1", 0.91, 0.9, 0.87, 0.83, 0.71, 0.17, 0.04),
                row("adv0.2", 0.92, 0.78, 0.71, 0.68, 0.67, 0.6, 0.17),
                row("adv0.3", 0.94, 0.85, 0.39, 0.22, 0.38, 0.5, 0.53));
        // Table 5: ACC MLP 100-PGD
        table(
                5,
                "ACC",
                "MLP",
                "100-PGD",
                row("ce", 0.92, 0.7, 0.19, 0.02, 0.0, 0.0, 0.0),
                row("jacob", 0.87, 0.84, 0.78, 0.71, 0.41, 0.04, 0.0),
                row("mse", 0.9, 0.74, 0.38, 0.21, 0.08, 0.04, 0.03),
                row("mseMargin", 0.89, 0.77, 0.49, 0.32, 0.15, 0.04, 0.01),
                row("loss2", 0.9, 0.85, 0.82, 0.78, 0.61, 0.37, 0.29),
                row("loss1", 0.92, 0.88, 0.69, 0.36, 0.1, 0.01, 0.0),
                row("adv0.1", 0.91, 0.81, 0.75, 0.73, 0.57, 0.01, 0.0),
                row("adv0.2", 0.89, 0.69, 0.61, 0.59, 0.51, 0.09, 0.01),
                row("adv0.3", 0.9, 0.67, 0.45, 0.4, 0.33, 0.12, 0.01));
        // Table 6: PREC MLP 100-PGD
        table(
                6,
                "PREC",
                "MLP",
                "100-PGD",
                row("ce", 0.93, 0.71, 0.21, 0.05, 0.0, 0.0, 0.0),
                row("jacob", 0.87, 0.85, 0.79, 0.72, 0.45, 0.06, 0.0),
                row("mse", 0.92, 0.81, 0.42, 0.24, 0.08, 0.01, 0.01),
                row("mseMargin", 0.92, 0.84, 0.63, 0.38, 0.17, 0.06, 0.01),
                row("loss2", 0.92, 0.88, 0.85, 0.81, 0.64, 0.31, 0.24),
                row("loss1", 0.92, 0.89, 0.73, 0.41, 0.15, 0.01, 0.0),
                row("adv0.1", 0.92, 0.82, 0.77, 0.75, 0.59, 0.02, 0.0),
                row("adv0.2", 0.91, 0.72, 0.64, 0.62, 0.54, 0.12, 0.01),
                row("adv0.3", 0.92, 0.7, 0.48, 0.43, 0.37, 0.16, 0.01));
        // Table 7: ACC CNN 100-PGD
        table(
                7,
                "ACC",
                "CNN",
                "100-PGD",
                row("ce", 0.94, 0.76, 0.18, 0.02, 0.0, 0.0, 0.0),
                row("jacob", 0.87, 0.85, 0.81, 0.76, 0.54, 0.06, 0.0),
                row("mse", 0.92, 0.71, 0.23, 0.07, 0.02, 0.01, 0.01),
                row("mseMargin", 0.93, 0.79, 0.37, 0.14, 0.03, 0.01, 0.0),
                row("loss2", 0.93, 0.9, 0.88, 0.85, 0.71, 0.37, 0.22),
                row("loss1", 0.93, 0.89, 0.73, 0.54, 0.36, 0.23, 0.12),
                row("adv0.1", 0.91, 0.9, 0.86, 0.83, 0.65, 0.01, 0.0),
                row("adv0.2", 0.92, 0.74, 0.65, 0.59, 0.46, 0.06, 0.0),
                row("adv0.3", 0.93, 0.82, 0.33, 0.14, 0.13, 0.03, 0.0));
        // Table 8: PREC CNN 100-PGD
        table(
                8,
                "PREC",
                "CNN",
                "100-PGD",
                row("ce", 0.94, 0.78, 0.22, 0.04, 0.0, 0.0, 0.0),
                row("jacob", 0.87, 0.86, 0.81, 0.76, 0.55, 0.08, 0.0),
                row("mse", 0.93, 0.78, 0.31, 0.08, 0.01, 0.0, 0.0),
                row("mseMargin", 0.93, 0.82, 0.4, 0.17, 0.01, 0.0, 0.0),
                row("loss2", 0.93, 0.91, 0.89, 0.87, 0.78, 0.51, 0.28),
                row("loss1", 0.94, 0.91, 0.77, 0.59, 0.34, 0.21, 0.12),
                row("adv0.1", 0.91, 0.9, 0.87, 0.83, 0.66, 0.01, 0.0),
                row("adv0.2", 0.92, 0.77, 0.68, 0.62, 0.49, 0.08, 0.0),
                row("adv0.3", 0.94, 0.84, 0.34, 0.16, 0.16, 0.03, 0.0));
        // Table 9: ACC MLP SPSA
        table(
                9,
                "ACC",
                "MLP",
                "SPSA",
                row("ce", 0.93, 0.67, 0.17, 0.02, 0.0, 0.0, 0.0),
                row("jacob", 0.85, 0.82, 0.76, 0.69, 0.42, 0.04, 0.0),
                row("mse", 0.91, 0.71, 0.31, 0.19, 0.06, 0.04, 0.03),
                row("mseMargin", 0.91, 0.77, 0.45, 0.32, 0.12, 0.02, 0.0),
                row("loss2", 0.9, 0.82, 0.73, 0.67, 0.51, 0.32, 0.2),
                row("loss1", 0.92, 0.87, 0.69, 0.39, 0.08, 0.02, 0.0),
                row("adv0.1", 0.91, 0.77, 0.69, 0.69, 0.58, 0.04, 0.0),
                row("adv0.2", 0.89, 0.6, 0.52, 0.52, 0.52, 0.23, 0.04),
                row("adv0.3", 0.91, 0.59, 0.32, 0.31, 0.32, 0.25, 0.09));
        // Table 10: PREC MLP SPSA
        table(
                10,
                "PREC",
                "MLP",
                "SPSA",
                row("ce", 0.93, 0.68, 0.2, 0.05, 0.0, 0.0, 0.0),
                row("jacob", 0.86, 0.83, 0.77, 0.7, 0.46, 0.06, 0.0),
                row("mse", 0.93, 0.78, 0.35, 0.22, 0.05, 0.02, 0.01),
                row("mseMargin", 0.93, 0.84, 0.54, 0.38, 0.19, 0.02, 0.01),
                row("loss2", 0.92, 0.86, 0.79, 0.73, 0.56, 0.3, 0.19),
                row("loss1", 0.92, 0.88, 0.72, 0.44, 0.08, 0.03, 0.01),
                row("adv0.1", 0.92, 0.78, 0.7, 0.71, 0.59, 0.05, 0.0),
                row("adv0.2", 0.91, 0.62, 0.54, 0.55, 0.55, 0.27, 0.06),
                row("adv0.3", 0.92, 0.62, 0.36, 0.34, 0.36, 0.29, 0.13));
        // Table 11: ACC CNN SPSA
        table(
                11,
                "ACC",
                "CNN",
                "SPSA",
                row("ce", 0.94, 0.74, 0.14, 0.01, 0.0, 0.0, 0.0),
                row("jacob", 0.85, 0.83, 0.79, 0.75, 0.52, 0.07, 0.0),
                row("mse", 0.92, 0.63, 0.18, 0.06, 0.02, 0.01, 0.0),
                row("mseMargin", 0.92, 0.75, 0.31, 0.09, 0.01, 0.0, 0.0),
                row("loss2", 0.93, 0.89, 0.81, 0.77, 0.58, 0.22, 0.15),
                row("loss1", 0.93, 0.9, 0.72, 0.52, 0.31, 0.16, 0.05),
                row("adv0.1", 0.91, 0.89, 0.86, 0.82, 0.66, 0.01, 0.0),
                row("adv0.2", 0.92, 0.73, 0.63, 0.6, 0.6, 0.28, 0.03),
                row("adv0.3", 0.94, 0.81, 0.32, 0.15, 0.14, 0.17, 0.15));
        // Table 12: PREC CNN SPSA
        table(
                12,
                "PREC",
                "CNN",
                "SPSA",
                row("ce", 0.95, 0.76, 0.19, 0.02, 0.0, 0.0, 0.0),
                row("jacob", 0.86, 0.84, 0.8, 0.75, 0.53, 0.1, 0.0),
                row("mse", 0.93, 0.72, 0.24, 0.06, 0.02, 0.0, 0.0),
                row("mseMargin", 0.93, 0.8, 0.37, 0.11, 0.0, 0.0, 0.0),
                row("loss2", 0.94, 0.91, 0.86, 0.83, 0.74, 0.2, 0.07),
                row("loss1", 0.93, 0.91, 0.75, 0.54, 0.29, 0.16, 0.05),
                row("adv0.1", 0.91, 0.9, 0.87, 0.83, 0.68, 0.03, 0.0),
                row("adv0.2", 0.92, 0.76, 0.66, 0.63, 0.63, 0.32, 0.02),
                row("adv0.3", 0.94, 0.83, 0.32, 0.16, 0.16, 0.21, 0.17));
    }
}
