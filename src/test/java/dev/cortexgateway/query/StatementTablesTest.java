package dev.cortexgateway.query;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The table of a query answer's database source: read from the statement, never guessed. */
class StatementTablesTest {

    @Test
    void namesTheTablesAStatementReads() {
        assertThat(StatementTables.of("SELECT fiscal_quarter, revenue FROM revenue_by_quarter WHERE fiscal_year = 2024"))
                .isEqualTo("revenue_by_quarter");
        assertThat(StatementTables.of("SELECT o.region, SUM(o.amount) FROM orders o JOIN customers c ON c.id = o.customer_id GROUP BY o.region"))
                .isEqualTo("orders, customers");
    }

    @Test
    void aStatementThatDoesNotParseOrReadsNoTableNamesNone() {
        assertThat(StatementTables.of("SELEC nonsense FROM")).isNull();
        assertThat(StatementTables.of("SELECT 1")).isNull();
    }
}
