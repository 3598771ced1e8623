package dev.cortexgateway.simulator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The simulator's stand-in for Cortex Analyst: recognises a few question shapes about the sample
 * warehouse (revenue by quarter or year, top customers, orders by region, counts), writes real SQL
 * for them, and words a result's actual numbers. A question it does not recognise gets suggestions,
 * as Cortex Analyst does for questions it cannot map.
 */
@Component
public final class QuestionAnalyst {

    static final List<String> SUGGESTIONS = List.of(
            "What was the revenue by quarter in 2024?",
            "Who are the top 5 customers by order amount?",
            "How are orders split by region?",
            "What was the total revenue per year?");

    private static final Pattern YEAR = Pattern.compile("\\b(20\\d\\d)\\b");
    private static final Pattern TOP_N = Pattern.compile("\\btop\\s+(\\d{1,3})\\b");
    private static final String NOT_CANCELLED = "o.status <> 'CANCELLED'";

    /**
     * SQL for a recognised question.
     *
     * @param labelColumns how many leading result columns name a row; the rest are measures
     */
    record Plan(String sql, String interpretation, String title, int labelColumns) {
    }

    Optional<Plan> plan(String question) {
        String q = question.toLowerCase(Locale.ROOT);
        Matcher yearMatch = YEAR.matcher(q);
        Integer year = yearMatch.find() ? Integer.valueOf(yearMatch.group(1)) : null;
        String yearFilter = year == null ? "" : " AND YEAR(o.order_date) = " + year;
        String inYear = year == null ? "" : " in " + year;
        boolean revenue = has(q, "revenue", "sales", "income");
        boolean customers = has(q, "customer", "client", "account");
        boolean counting = has(q, "how many", "count", "number of");

        if (has(q, "region")) {
            return Optional.of(new Plan("SELECT o.region, COUNT(*) AS order_count, SUM(o.amount) AS total_amount"
                    + " FROM orders o WHERE " + NOT_CANCELLED + yearFilter
                    + " GROUP BY o.region ORDER BY total_amount DESC",
                    "Orders and order amount by region" + inYear + ", excluding cancelled orders",
                    "Orders by region" + inYear, 1));
        }
        if (customers && has(q, "top", "largest", "biggest", "best", "most")) {
            Matcher n = TOP_N.matcher(q);
            int limit = n.find() ? Math.max(1, Math.min(100, Integer.parseInt(n.group(1)))) : 5;
            return Optional.of(new Plan("SELECT c.name AS customer_name, SUM(o.amount) AS total_amount"
                    + " FROM orders o JOIN customers c ON c.customer_id = o.customer_id"
                    + " WHERE " + NOT_CANCELLED + yearFilter
                    + " GROUP BY c.name ORDER BY total_amount DESC LIMIT " + limit,
                    "The top " + limit + " customers by order amount" + inYear + ", excluding cancelled orders",
                    "Top " + limit + " customers" + inYear, 1));
        }
        if (customers && counting) {
            return Optional.of(new Plan("SELECT c.region, COUNT(*) AS customer_count FROM customers c"
                    + " GROUP BY c.region ORDER BY c.region",
                    "The number of customers per region", "Customers per region", 1));
        }
        if (revenue && has(q, "quarter", "quarterly", "q1", "q2", "q3", "q4")) {
            String where = year == null ? "" : " WHERE fiscal_year = " + year;
            return Optional.of(new Plan("SELECT fiscal_year, fiscal_quarter, revenue FROM revenue_by_quarter" + where
                    + " ORDER BY fiscal_year, fiscal_quarter",
                    "Revenue by fiscal quarter" + inYear + " (orders not cancelled)", "Revenue by quarter" + inYear, 2));
        }
        if (revenue && (year != null || has(q, "year", "annual", "total", "overall"))) {
            String where = year == null ? "" : " WHERE fiscal_year = " + year;
            return Optional.of(new Plan("SELECT fiscal_year, SUM(revenue) AS total_revenue FROM revenue_by_quarter" + where
                    + " GROUP BY fiscal_year ORDER BY fiscal_year",
                    "Total revenue per fiscal year" + inYear + " (orders not cancelled)", "Revenue per year" + inYear, 1));
        }
        if (has(q, "order") && counting) {
            return Optional.of(new Plan("SELECT YEAR(o.order_date) AS order_year, o.status, COUNT(*) AS order_count"
                    + " FROM orders o WHERE 1 = 1" + yearFilter
                    + " GROUP BY YEAR(o.order_date), o.status ORDER BY order_year, o.status",
                    "The number of orders per year and status" + inYear, "Orders per year and status" + inYear, 2));
        }
        return Optional.empty();
    }

    /** The result in words, with its real numbers. */
    String describe(Plan plan, ResultTable result) {
        if (result.rows().isEmpty()) {
            return plan.interpretation() + ": the query returned no rows.";
        }
        List<String> parts = new ArrayList<>();
        for (List<String> row : result.rows()) {
            StringBuilder part = new StringBuilder();
            for (int i = 0; i < plan.labelColumns(); i++) {
                part.append(i == 0 ? "" : " ").append(label(result.columns().get(i), row.get(i)));
            }
            part.append(':');
            for (int i = plan.labelColumns(); i < row.size(); i++) {
                ResultTable.Column column = result.columns().get(i);
                part.append(i == plan.labelColumns() ? " " : ", ")
                        .append(column.name().toLowerCase(Locale.ROOT).replace('_', ' '))
                        .append(' ').append(number(column, row.get(i)));
            }
            parts.add(part.toString());
        }
        return plan.interpretation() + ": " + String.join("; ", parts) + ".";
    }

    private static String label(ResultTable.Column column, String value) {
        if ("FISCAL_QUARTER".equals(column.name())) {
            return "Q" + value;
        }
        return value == null ? "(none)" : value;
    }

    private static String number(ResultTable.Column column, String value) {
        if (value == null || !column.numeric()) {
            return value == null ? "(none)" : value;
        }
        BigDecimal number = new BigDecimal(value);
        DecimalFormat format = new DecimalFormat(number.scale() > 0 ? "#,##0.00" : "#,##0",
                DecimalFormatSymbols.getInstance(Locale.ROOT));
        return format.format(number.setScale(Math.min(2, Math.max(0, number.scale())), RoundingMode.HALF_UP));
    }

    private static boolean has(String text, String... words) {
        for (String word : words) {
            if (text.contains(word)) {
                return true;
            }
        }
        return false;
    }
}
